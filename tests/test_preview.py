"""The live preview: the report served on 127.0.0.1, made again when a workbook is saved, the
page reloading itself; data problems shown on the page in check's words; Ctrl-C stops it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from conftest import marked_environment, parse, still_running
from dept_analysis.preview import PAGE, Preview

pytestmark = pytest.mark.slow


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _wait(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the preview did not make the page again"
        time.sleep(0.05)


def _set_count(path: Path, cell: str, value) -> None:
    workbook = openpyxl.load_workbook(path)
    workbook["Показники"][cell] = value
    workbook.save(path)


@pytest.fixture
def preview(sample_data_dir, tmp_path):
    session = Preview("2021-08", sample_data_dir, folder=tmp_path / "preview")
    assert session.build()
    server = session.serve(0)
    stop = threading.Event()
    watcher = threading.Thread(target=session.watch, kwargs={"stop_event": stop}, daemon=True)
    watcher.start()
    time.sleep(0.5)  # the watcher is listening
    yield session, f"http://127.0.0.1:{server.server_address[1]}", sample_data_dir
    stop.set()
    watcher.join(10)
    server.shutdown()
    session.close()


def test_a_saved_workbook_is_shown_on_the_page_and_the_page_reloads_itself(preview):
    session, url, data = preview
    page = _get(url + "/")
    assert "Підготовлено та розміщено 296 новин" in page and "__version" in page
    version = _get(url + "/__version")
    _set_count(data / "2021-08.xlsx", "C2", 215)  # the website's news: 214 -> 215
    _wait(lambda: _get(url + "/__version") != version)
    page = parse(session.folder / PAGE).plain
    assert "Підготовлено та розміщено 297 новин" in page
    assert all(src.startswith("data:image/png") for src in parse(session.folder / PAGE).images)


def test_a_data_problem_is_shown_on_the_page_in_checks_words_then_cleared(preview):
    session, url, data = preview
    version = _get(url + "/__version")
    _set_count(data / "2021-08.xlsx", "C3", -5)
    _wait(lambda: _get(url + "/__version") != version)
    page = parse(session.folder / PAGE).plain
    assert "2021-08.xlsx" in page and "Показники" in page and "не може бути від'ємною" in page
    version = _get(url + "/__version")
    _set_count(data / "2021-08.xlsx", "C3", 49)
    _wait(lambda: _get(url + "/__version") != version)
    assert "Підготовлено та розміщено 296 новин" in parse(session.folder / PAGE).plain


def test_a_kernel_that_cannot_start_is_said_on_the_page_and_the_next_build_recovers(sample_data_dir, tmp_path,
                                                                                   monkeypatch):
    from dept_analysis import kernels

    session = Preview("2021-08", sample_data_dir, folder=tmp_path / "preview")
    try:
        monkeypatch.setattr(kernels, "KERNEL_NAME", "no-such-kernel")
        assert not session.build()
        page = parse(session.folder / PAGE).plain
        assert "Звіт не зроблено" in page and "ядро Python" in page and "no-such-kernel" in page
        assert "no-such-kernel" in session.failure and "Файл / File" not in page  # not a data problem
        monkeypatch.undo()
        assert session.build() and session.failure is None
        assert "Підготовлено та розміщено 296 новин" in parse(session.folder / PAGE).plain
    finally:
        session.close()


def test_ctrl_c_stops_the_preview_cleanly(sample_data_dir, tmp_path):
    command = [sys.executable, "-m", "dept_analysis", "preview", "2021-08", "--data-dir", str(sample_data_dir),
               "--port", "0"]
    environment, marker = marked_environment()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, cwd=tmp_path, env=environment,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    # Wait for the line that says where the page is served.
    lines = []
    deadline = time.monotonic() + 180
    while not any("127.0.0.1" in line for line in lines):
        assert process.poll() is None and time.monotonic() < deadline, lines
        lines.append(process.stderr.readline())
    url = next(line for line in lines if "127.0.0.1" in line).split("http://", 1)[1].split("/", 1)[0]
    assert "за серпень 2021 року" in _get(f"http://{url}/")
    os.killpg(process.pid, signal.SIGINT)
    _, rest = process.communicate(timeout=60)
    assert process.returncode == 0 and "Preview stopped" in rest and "Traceback" not in rest
    assert still_running(marker) == [], "the preview's kernel outlived it"


def test_a_port_already_in_use_is_named_with_another_to_try(sample_data_dir, tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        completed = subprocess.run(
            [sys.executable, "-m", "dept_analysis", "preview", "2021-08", "--data-dir", str(sample_data_dir),
             "--port", str(port)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert completed.returncode != 0 and "Traceback" not in completed.stderr
    assert f"Порт {port} уже зайнятий" in completed.stderr and f"Port {port} is already used" in completed.stderr
    assert f"--port {port + 1}" in completed.stderr
