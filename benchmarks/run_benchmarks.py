"""Speed of the report, the batch and the loader, each against a baseline measured in the same run.

    python benchmarks/run_benchmarks.py           # the full run (several minutes)
    python benchmarks/run_benchmarks.py --quick   # one repetition of everything, a smoke run

Every figure is compared with a baseline measured on the same machine in the same run, and
the table says whether each target was met; nothing is asserted, so a slow machine prints
"no" instead of failing. See benchmarks/README.md for what each line means.

Each measurement runs in a fresh worker process (this script started again with
``--worker``), so one case's imports, caches and memory peak cannot leak into another's:

* time: ``time.perf_counter()`` around the measured call only; imports and a first warm-up
  are done before the clock starts, the same way for a measurement and its baseline;
* memory of the notebook cases (papermill starts a kernel process per notebook):
  ``resource.getrusage(RUSAGE_SELF / RUSAGE_CHILDREN).ru_maxrss`` for the largest single
  process, and the peak of the summed PSS (``/proc/PID/smaps_rollup``; RSS from
  ``/proc/PID/statm`` where that is missing) of the worker and all its descendants,
  sampled every 50 ms (no psutil);
* memory of the in-process cases (loading): the ``tracemalloc`` peak of a separate extra
  repetition (tracemalloc slows Python down, so it never runs while the clock does). It
  counts Python's allocations, numpy's and pandas' included, but not memory allocated
  inside expat's or openpyxl's compiled code.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

from dept_analysis.config import available_cpus

ROOT = Path(__file__).resolve().parents[1]
REPORT_MONTH = "2021-08"
BATCH_MONTHS = [f"2021-{m:02d}" for m in range(1, 13)]
LOAD_FIRST, LOAD_LAST = "2012-01", "2021-12"  # 120 months
MB = 1024 * 1024


# -- memory of a process tree, from /proc -----------------------------------------------------

def _tree_memory(root_pid: int) -> int:
    """Memory of ``root_pid`` and all its descendants, in bytes (sum of PSS)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
            # the command name is in parentheses and may contain spaces
            parents[int(entry.name)] = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree = {root_pid}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(_process_memory(pid) for pid in tree)


def _process_memory(pid: int) -> int:
    """Proportional set size (shared pages divided among the processes sharing them), so
    that forked workers sharing pandas are not counted twice; RSS where PSS is unavailable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class TreeSampler:
    """Samples the process tree's total memory in a thread; ``peak`` is the largest sum seen."""

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        pid = os.getpid()
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_memory(pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeSampler":
        if Path("/proc/self/statm").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def _cpu_seconds() -> float:
    """CPU time (user + system) of this process and every descendant it has waited for:
    kernels, pool workers and the runner's drawing worker are all reaped before a case ends."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rusage_mb() -> dict:
    # ru_maxrss is in kilobytes on Linux
    return {"self_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


# -- the cases, each run inside a worker process ------------------------------------------------

# Every library a report run imports, in its kernel or beside it: the report's modules,
# python-docx and python-pptx (the office documents), and matplotlib's PNG and SVG backends.
# The floor pays for them in its kernel, so the report is measured by its own work alone.
# (Until the loader read sheets itself the floor also imported pandera, 0.3-0.4 s: the
# floor is that much lower, and the target that much harder, than before.)
FLOOR_SOURCE = """\
import pandas as pd
import matplotlib.pyplot as plt
import matplotlib.backends.backend_agg, matplotlib.backends.backend_svg
import dept_analysis.notebook, dept_analysis.render.documents
from IPython.display import HTML, display

display(HTML(f"<p>{month} ({lang})</p>"))
"""


def _floor_notebook(path: Path) -> Path:
    """A trivial parameterized notebook importing what the report imports."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    notebook.metadata["language_info"] = {"name": "python"}
    parameters = nbformat.v4.new_code_cell('month = "2021-08"\nlang = "uk"')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell(FLOOR_SOURCE)]
    nbformat.write(notebook, path)
    return path


def _warm_up_report_client(data_dir: Path | None = None) -> None:
    """What both notebook cases do before the clock starts: the same imports, and one load
    of the data (so the page cache holds the workbooks in both)."""
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    from dept_analysis import runner  # noqa: F401
    from dept_analysis.loading import load_data

    load_data(data_dir)


def _timed_then_sampled(run, repeats: int, memory: bool) -> dict:
    """Time ``run(i)`` ``repeats`` times with nothing else running in this process; then, if
    ``memory``, call it once more, untimed, under the TreeSampler. The sampler reads /proc
    every 50 ms, about 10 ms of CPU per process each time: beside the clock it took up to
    half a core, which slowed most the cases that keep both cores busy."""
    times, cpu = [], []
    for i in range(repeats):
        start, cpu_start = time.perf_counter(), _cpu_seconds()
        run(i)
        times.append(time.perf_counter() - start)
        cpu.append(_cpu_seconds() - cpu_start)
    result: dict = {"times": times, "cpu": cpu}
    if memory:
        with TreeSampler() as sampler:
            run(repeats)
        result["tree_peak_mb"] = sampler.peak / MB
    return {**result, **_rusage_mb()}


def case_floor(workdir: Path, repeats: int, memory: bool = False, **_) -> dict:
    import papermill

    from dept_analysis.runner import PAPERMILL_OPTIONS, export_html

    _warm_up_report_client()
    source = _floor_notebook(workdir / "floor.ipynb")

    def run(i: int) -> None:
        out = workdir / f"floor-{i}"
        out.mkdir()
        papermill.execute_notebook(str(source), str(out / "floor.ipynb"),
                                   parameters={"month": REPORT_MONTH, "lang": "uk"}, cwd=str(workdir),
                                   **PAPERMILL_OPTIONS)
        export_html(out / "floor.ipynb", out / "floor.html", "uk", "Floor")

    return _timed_then_sampled(run, repeats, memory)


def case_report(workdir: Path, repeats: int, memory: bool = False, **_) -> dict:
    from dept_analysis.runner import run_report

    _warm_up_report_client()

    def run(i: int) -> None:
        result = run_report(REPORT_MONTH, output_root=workdir / f"out-{i}", force=True)
        assert result.html.is_file() and not result.skipped

    return _timed_then_sampled(run, repeats, memory)


def _batch(workdir: Path, repeats: int, workers: int, memory: bool, kernels: str) -> dict:
    from dept_analysis.batch import run_reports

    _warm_up_report_client()
    failed = []

    def run(i: int) -> None:
        outcomes = run_reports(BATCH_MONTHS, output_root=workdir / f"out-{i}", force=True,
                               workers=workers, progress=False, kernels=kernels)
        failed.extend(f"{o.period}: {o.error.splitlines()[0] if o.error else o.status}"
                      for o in outcomes if o.status != "ok")

    result = _timed_then_sampled(run, repeats, memory)
    return {**result, "failed": failed}


def case_batch_serial(workdir: Path, repeats: int, memory: bool = False, **_) -> dict:
    """The baseline: one report after another, each with a fresh kernel."""
    return _batch(workdir, repeats, workers=1, memory=memory, kernels="fresh")


def case_batch_parallel(workdir: Path, repeats: int, memory: bool = False, **_) -> dict:
    """What `dept-report run 2021-01..2021-12` does on two cores: two workers, warm kernels."""
    return _batch(workdir, repeats, workers=2, memory=memory, kernels="warm")


def case_preview(workdir: Path, repeats: int, **_) -> dict:
    """dept-report preview: from a workbook saved to the new page written, the watcher included."""
    import threading

    import openpyxl

    from dept_analysis import config
    from dept_analysis.preview import PAGE, Preview

    data = workdir / "preview-data"
    shutil.copytree(config.DATA_DIR, data)
    session = Preview("2021-08", data, folder=workdir / "preview")
    session.build()
    stop = threading.Event()
    watcher = threading.Thread(target=session.watch, kwargs={"stop_event": stop}, daemon=True)
    watcher.start()
    time.sleep(1.0)
    times = []
    try:
        for i in range(repeats + 1):  # the first is a warm-up: the cache of charts fills
            workbook = openpyxl.load_workbook(data / "2021-08.xlsx")
            sheet = workbook["Показники"]
            sheet["C2"] = int(sheet["C2"].value) + 1  # every chart of the month changes
            version = session.version
            start = time.perf_counter()
            workbook.save(data / "2021-08.xlsx")
            while session.version == version:
                time.sleep(0.005)
            if i:
                times.append(time.perf_counter() - start)
            assert (session.folder / PAGE).is_file()
    finally:
        stop.set()
        watcher.join(10)
        session.close()
    return {"times": times, **_rusage_mb()}


# The floor as a command of its own: a fresh interpreter that imports what the runner's
# process imports to run and convert a notebook (papermill, and the runner's export_html).
FLOOR_COMMAND = """\
import sys
from pathlib import Path
from dept_analysis.runner import PAPERMILL_OPTIONS, export_html  # before papermill, as dept-report does
import papermill
source, out = sys.argv[1], Path(sys.argv[2])
papermill.execute_notebook(source, str(out / "floor.ipynb"), parameters={"month": sys.argv[3], "lang": "uk"},
                           cwd=str(out), **PAPERMILL_OPTIONS)
export_html(out / "floor.ipynb", out / "floor.html", "uk", "Floor")
"""


def _timed_commands(workdir: Path, repeats: int, command) -> dict:
    """Wall and CPU time of a command run from start to exit in a fresh process, as from a shell."""

    def run(i: int) -> None:
        out = workdir / f"out-{i}"
        out.mkdir()
        completed = subprocess.run(command(out), cwd=ROOT, capture_output=True, text=True)
        if completed.returncode != 0:
            raise RuntimeError(completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else "failed")

    result = _timed_then_sampled(run, repeats, memory=False)
    # The largest process is the command's kernel; this worker only waits.
    return {"times": result["times"], "cpu": result["cpu"], "children_maxrss_mb": result["children_maxrss_mb"]}


def case_command(workdir: Path, repeats: int, **_) -> dict:
    command = Path(sys.executable).parent / "dept-report"
    return _timed_commands(workdir, repeats, lambda out: [str(command), "run", REPORT_MONTH, "--force",
                                                          "--output-dir", str(out)])


def case_floor_command(workdir: Path, repeats: int, **_) -> dict:
    source = _floor_notebook(workdir / "floor.ipynb")
    return _timed_commands(workdir, repeats, lambda out: [sys.executable, "-c", FLOOR_COMMAND, str(source),
                                                          str(out), REPORT_MONTH])


def _timed_in_process(function, repeats: int) -> dict:
    function()  # warm-up: imports, caches, the files in the page cache
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"times": times, "tracemalloc_peak_mb": peak / MB, **_rusage_mb()}


def case_load_data(workdir: Path, repeats: int, data: Path, **_) -> dict:
    from dept_analysis.loading import load_data

    def load():
        loaded = load_data(data)
        assert len(loaded.sources) == 120, len(loaded.sources)

    return _timed_in_process(load, repeats)


def case_load_openpyxl(workdir: Path, repeats: int, data: Path, **_) -> dict:
    import pandas as pd

    files = sorted(data.glob("*.xlsx"))
    assert len(files) == 120, len(files)

    def read():
        for path in files:
            pd.read_excel(path, engine="openpyxl", sheet_name=None, header=None, dtype=object)

    return _timed_in_process(read, repeats)


def case_load_cold(workdir: Path, repeats: int, data: Path, **_) -> dict:
    """The first load in a fresh process: everything a command pays after start-up."""
    start = time.perf_counter()
    import pandas  # noqa: F401
    pandas_done = time.perf_counter()
    from dept_analysis.loading import load_data
    package_done = time.perf_counter()
    loaded = load_data(data)
    first_done = time.perf_counter()
    assert len(loaded.sources) == 120
    return {"times": [first_done - package_done], "import_pandas": pandas_done - start,
            "import_package": package_done - pandas_done, **_rusage_mb()}


CASES = {name[5:]: function for name, function in globals().items() if name.startswith("case_")}


def worker_main(args: argparse.Namespace) -> None:
    workdir = Path(args.workdir)
    result = CASES[args.worker](workdir=workdir, repeats=args.repeats, memory=args.memory,
                                data=Path(args.data) if args.data else None)
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")


# -- the parent: data, workers, table -------------------------------------------------------------

def write_load_data(folder: Path) -> Path:
    """120 monthly workbooks (2012-01..2021-12) drawn like the sample data, plus the catalog."""
    import importlib.util

    import numpy as np
    import pandas as pd

    from dept_analysis import config
    from dept_analysis.catalog import load_catalog
    from dept_analysis.workbook import month_file_name, write_workbook

    spec = importlib.util.spec_from_file_location("generate_sample_data", ROOT / "scripts" / "generate_sample_data.py")
    sample = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sample)

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(config.DATA_DIR / config.CATALOG_FILE_NAME, folder / config.CATALOG_FILE_NAME)
    catalog = load_catalog(folder)
    rng = np.random.default_rng(sample.SEED)
    for month in pd.period_range(LOAD_FIRST, LOAD_LAST, freq="M"):
        counts = sample._illustrative_counts(month, rng)
        if month == sample.PUBLISHED_MONTH:
            counts, activities = sample.PUBLISHED_COUNTS, sample.PUBLISHED_ACTIVITIES
        else:
            picks = rng.choice(len(sample.ILLUSTRATIVE_EXTRAS), size=2, replace=False)
            activities = ([sample.PUBLISHED_ACTIVITIES[i] for i in sample.STANDING]
                          + [sample.ILLUSTRATIVE_EXTRAS[i] for i in sorted(picks)])
        write_workbook(folder / month_file_name(month), catalog, month, counts, activities)
    return folder


def run_worker(case: str, repeats: int, scratch: Path, data: Path | None = None, memory: bool = False) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"{case}-", dir=scratch))
    result_file = workdir / "result.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", case, "--repeats", str(repeats),
               "--workdir", str(workdir), "--result", str(result_file)]
    if data is not None:
        command += ["--data", str(data)]
    if memory:
        command.append("--memory")
    print(f"  {case} x{repeats} ...", end="", flush=True, file=sys.stderr)
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    print(f" {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if completed.returncode != 0 or not result_file.exists():
        tail = "\n".join((completed.stderr or completed.stdout).strip().splitlines()[-15:])
        print(f"  worker {case} failed:\n{tail}", file=sys.stderr)
        result = {"times": [], "error": tail.splitlines()[-1] if tail else f"exit {completed.returncode}"}
    else:
        result = json.loads(result_file.read_text(encoding="utf-8"))
    shutil.rmtree(workdir, ignore_errors=True)
    return result


def merge(results: list[dict]) -> dict:
    """Fold several workers' results for the same case into one (all times, largest peaks)."""
    merged: dict = {"times": []}
    for result in results:
        merged["times"] += result.get("times", [])
        merged["cpu"] = merged.get("cpu", []) + result.get("cpu", [None] * len(result.get("times", [])))
        for key, value in result.items():
            if key.endswith("_mb"):
                merged[key] = max(merged.get(key, 0.0), value)
            elif key == "failed":
                merged.setdefault("failed", []).extend(value)
            elif key not in ("times", "cpu"):
                merged.setdefault(key, value)
    return merged


def best(result: dict) -> float | None:
    return min(result["times"]) if result.get("times") else None


def best_cpu(result: dict) -> float | None:
    """CPU seconds of the repetition whose time is shown (the fastest)."""
    times, cpu = result.get("times") or [], result.get("cpu") or []
    if not times or len(cpu) != len(times):
        return None
    return cpu[times.index(min(times))]


def memory_text(result: dict) -> str:
    if "tracemalloc_peak_mb" in result:
        return (f"{result['tracemalloc_peak_mb']:.1f} MB tracemalloc; process "
                f"{result['self_maxrss_mb']:.0f} MB RSS")
    if "tree_peak_mb" in result:
        return (f"{result['tree_peak_mb']:.0f} MB PSS total; largest process "
                f"{max(result['self_maxrss_mb'], result['children_maxrss_mb']):.0f} MB RSS")
    if "self_maxrss_mb" in result:
        return f"{result['self_maxrss_mb']:.0f} MB RSS (whole process)"
    if "children_maxrss_mb" in result:
        return f"largest process {result['children_maxrss_mb']:.0f} MB RSS"
    return "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one repetition of each measurement (smoke run)")
    parser.add_argument("--json", metavar="FILE", help="also write the raw results to FILE")
    parser.add_argument("--only", choices=("load", "report", "batch", "preview"), action="append",
                        help="measure only these (repeatable); all by default")
    parser.add_argument("--worker", choices=sorted(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args)
        return

    notebook_rounds = 1 if args.quick else 4  # short cases on a noisy machine: best of more rounds
    batch_rounds = 1 if args.quick else 2
    load_repeats = 2 if args.quick else 5
    scratch = Path(tempfile.mkdtemp(prefix="dept-bench-"))
    try:
        only = set(args.only or ("load", "report", "batch", "preview"))
        raw: dict[str, list[dict]] = {name: [] for name in CASES}
        if "load" in only:
            print(f"Data for the loader: {LOAD_FIRST}..{LOAD_LAST} ...", file=sys.stderr)
            data = write_load_data(scratch / "data120")
            print("Loading 120 workbooks", file=sys.stderr)
            raw["load_openpyxl"].append(run_worker("load_openpyxl", load_repeats, scratch, data))
            raw["load_data"].append(run_worker("load_data", load_repeats, scratch, data))
            for _ in range(1 if args.quick else 3):
                raw["load_cold"].append(run_worker("load_cold", 1, scratch, data))

        # A measurement and its baseline alternate, each round in fresh workers, so that drift
        # in the machine's speed falls on both.
        if "report" in only:
            print(f"One month's report ({REPORT_MONTH}) against the trivial notebook", file=sys.stderr)
            # Memory is sampled in one extra, untimed run of each case, in the first round.
            for round_ in range(notebook_rounds):
                raw["floor"].append(run_worker("floor", 1, scratch, memory=round_ == 0))
                raw["report"].append(run_worker("report", 1, scratch, memory=round_ == 0))
            print("The same from the shell: dept-report run, and the floor as a command", file=sys.stderr)
            for _ in range(notebook_rounds):
                raw["floor_command"].append(run_worker("floor_command", 1, scratch))
                raw["command"].append(run_worker("command", 1, scratch))

        if "preview" in only:
            print("Preview: a saved workbook to the new page", file=sys.stderr)
            raw["preview"].append(run_worker("preview", 2 if args.quick else 5, scratch))
        if "batch" in only:
            print(f"Batch of {len(BATCH_MONTHS)} months, serial fresh kernels against 2 workers with warm kernels",
                  file=sys.stderr)
            for round_ in range(batch_rounds):
                raw["batch_serial"].append(run_worker("batch_serial", 1, scratch, memory=round_ == 0))
                raw["batch_parallel"].append(run_worker("batch_parallel", 1, scratch, memory=round_ == 0))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    results = {name: merge(runs) for name, runs in raw.items() if runs}
    rows = []

    def row(name, measured, baseline, target_text, met, note=""):
        if measured not in results:
            return
        m, b = best(results[measured]), best(results[baseline]) if baseline else None
        ratio = m / b if m is not None and b else None
        rows.append([
            name,
            f"{m:.3f}" if m is not None else "error",
            f"{b:.3f}" if b is not None else "-",
            f"{ratio:.2f}x" if ratio is not None else "-",
            target_text,
            "-" if met is None else
            ("yes" if met(m, ratio) else "no") if m is not None and (ratio is not None or not baseline) else "?",
            memory_text(results[measured]) + (f" (baseline: {memory_text(results[baseline])})" if baseline else ""),
        ])
        if note:
            rows[-1][0] += f" {note}"

    row(f"1. report {REPORT_MONTH} vs trivial notebook", "report", "floor", "<= 1.3x", lambda m, r: r <= 1.3)
    row(f"1b. dept-report run {REPORT_MONTH} from the shell vs the floor as a command", "command",
        "floor_command", "(information)", None)
    row("2. batch 2021-01..12, 2 workers, warm kernels vs serial, fresh kernels", "batch_parallel", "batch_serial",
        "<= 0.25x", lambda m, r: r <= 0.25)
    row("4. preview: workbook saved to new page written", "preview", None, "<= 1 s", lambda m, r: m <= 1.0)
    row("3a. load_data on 120 workbooks vs openpyxl reading them bare", "load_data", "load_openpyxl", "< 0.5 s",
        lambda m, r: m < 0.5)
    row("3b. first load in a fresh process", "load_cold", None, "< 0.5 s", lambda m, r: m < 0.5)

    headers = ["measurement", "seconds", "baseline s", "ratio", "target", "met", "peak memory"]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join("{:<%d}" % w for w in widths)
    print(f"\nBenchmarks, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs ({available_cpus()} usable), Python {sys.version.split()[0]}"
          f"{' (--quick)' if args.quick else ''}; best of: notebook {notebook_rounds}, batch {batch_rounds}, "
          f"load {load_repeats}")
    print(line.format(*headers))
    print(line.format(*["-" * w for w in widths]))
    for r in rows:
        print(line.format(*r))
    # Wall time against the CPU seconds behind it (every process of the case): how many cores
    # a case kept busy, and for the batch the bound two cores put on its ratio.
    cpu_lines = []
    for measured, baseline, what in (("report", "floor", "report / floor"),
                                      ("command", "floor_command", "command / floor command"),
                                      ("batch_parallel", "batch_serial", "batch 2 workers / serial")):
        if measured in results and baseline in results:
            m_cpu, b_cpu = best_cpu(results[measured]), best_cpu(results[baseline])
            m, b = best(results[measured]), best(results[baseline])
            if None not in (m_cpu, b_cpu, m, b):
                cpu_lines.append(f"  {what}: {m_cpu:.1f} / {b_cpu:.1f} CPU s "
                                 f"({m_cpu / m:.2f} / {b_cpu / b:.2f} cores busy on average)")
                cores = available_cpus()
                cpu_lines.append(f"    so on {cores} cores it cannot take less than {m_cpu / cores:.2f} s = "
                                 f"{m_cpu / cores / b:.2f}x its baseline's time, however well it overlaps its work")
    if cpu_lines:
        print("\nCPU seconds, all processes (user + system), of the runs shown:")
        print("\n".join(cpu_lines))
    cold = results.get("load_cold", {})
    if cold.get("times"):
        print(f"\n3b in detail: import pandas {cold['import_pandas']:.3f} s, import dept_analysis.loading "
              f"{cold['import_package']:.3f} s (interpreter start-up and these imports are not in 3b).")
    for name in ("batch_serial", "batch_parallel", "report", "floor", "command", "floor_command"):
        failed = results.get(name, {}).get("failed") or ([results[name]["error"]] if results.get(name, {}).get("error") else [])
        if failed:
            print(f"{name}: FAILED {failed}")
    if args.json:
        Path(args.json).write_text(json.dumps({"quick": args.quick, "results": results, "table": rows}, indent=1),
                                   encoding="utf-8")


if __name__ == "__main__":
    main()
