"""Runs that are interrupted, killed or cannot write: the last good report survives, nothing is
left half-made, and the person is told what happened."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import dead_pid, marked_environment, still_running
from dept_analysis import beside
from dept_analysis.cli import main
from dept_analysis.staging import recover

pytestmark = pytest.mark.cores
MONTH = "2021-08"


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            sha.update(path.name.encode() + path.read_bytes())
    return sha.hexdigest()


def wait_for_staging(out: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    # The run is well under way once its first chart is written (beside the kernel, or before it).
    while not list(out.glob(f".{MONTH}.staging-*/charts/*_01_trend.png")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never started drawing"
        time.sleep(0.05)


def _foreground_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_run_keeps_the_last_good_report_and_leaves_nothing(august, tmp_path, signum, code):
    out = tmp_path / "out"
    shutil.copytree(august, out / MONTH)
    before = digest(out / MONTH)
    command = [sys.executable, "-m", "dept_analysis", "run", MONTH, "--force", "--output-dir", str(out)]
    # Its own process group, as a terminal's Ctrl-C or a scheduler's kill reaches every process;
    # and Ctrl-C's default action, as in a terminal's foreground job: a test run started in the
    # background by a shell inherits SIGINT ignored, which a command rightly keeps ignoring.
    environment, marker = marked_environment()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=_foreground_signals, env=environment)
    wait_for_staging(out, process)
    os.killpg(process.pid, signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code
    assert "Interrupted; the last good reports were left untouched" in stderr
    assert "Traceback" not in stderr
    assert digest(out / MONTH) == before
    assert sorted(p.name for p in out.iterdir()) == [MONTH]
    assert still_running(marker) == [], "processes of the run (its kernel, its workers) outlived it"


def test_unwritable_output_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", MONTH, "--output-dir", str(blocker / "out")])
    assert result.exit_code == 1
    assert "Cannot write the report into" in result.output and "--output-dir" in result.output
    assert "Traceback" not in result.output


def test_a_report_moved_aside_by_a_killed_run_is_put_back(tmp_path):
    final = tmp_path / MONTH
    aside = tmp_path / f".{MONTH}.old-0123abcd"
    aside.mkdir()
    (aside / "report.html").write_text("the last good report", encoding="utf-8")
    abandoned = tmp_path / f".{MONTH}.staging-{dead_pid()}-deadbeef"
    running = tmp_path / f".{MONTH}.staging-{os.getpid()}-cafecafe"
    abandoned.mkdir()
    running.mkdir()
    recover(final)
    assert (final / "report.html").read_text(encoding="utf-8") == "the last good report"
    assert not aside.exists() and not abandoned.exists()
    assert running.exists(), "a live run's staging folder must be left alone"


def _hang() -> None:
    time.sleep(600)


def test_a_hung_worker_is_stopped_not_waited_for():
    handle = beside.Forked().submit(_hang)
    os.kill(handle._process.pid, signal.SIGSTOP)  # stopped: deaf to SIGTERM
    start = time.monotonic()
    with pytest.raises(beside.WorkerFailed):
        handle.result(timeout=0.5)
    assert time.monotonic() - start < 15
    assert not handle._process.is_alive()
