"""A live preview for the analyst: the report, served on this computer, made again whenever a
workbook or the catalog is saved.

``dept-report preview 2021-08`` keeps one kernel warm (:mod:`.kernels`) and the page's
exporter ready, serves the report on 127.0.0.1, and watches the data folder (watchfiles).
On a save it makes the page again the way ``dept-report run`` makes it, and the page in the
browser reloads itself (it asks the server every half second whether a newer page is
written). A data problem is shown on the page, in the same words as ``dept-report check``,
instead of stopping the preview. Nothing is published: the page lives in a folder of its own.

To be quick, a preview draws only what the page shows (PNG at screen resolution, untitled,
no SVG, no Word or PowerPoint), and draws a chart again only when what it shows changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import html
import json
import shutil
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import config, words
from .beside import choose
from .content import build_report
from .errors import DeptAnalysisError, ReportExecutionError
from .export import export_html, html_exporter
from .files import write_atomically
from .kernels import Warm
from .loading import load_data, period_sources
from .model import TIMEZONE, Figure, report_to_json
from .periods import parse_period
from .problems import DataValidationError, Problem

PAGE = "index.html"
VERSION_PATH = "/__version"
WATCHED_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".toml")

# The only script a preview page carries: it reloads the page when a newer one is written.
_RELOAD = """<script>
(function () {
  var seen = null;
  setInterval(function () {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen === null) { seen = v; } else if (v !== seen) { location.reload(); }
    }).catch(function () {});
  }, 500);
})();
</script>""" % VERSION_PATH


def _chart_key(figure: Figure) -> str:
    """What a chart shows, as a digest: the same digest, the same picture."""
    text = json.dumps(dataclasses.asdict(figure.chart), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _draw_preview_chart(item: tuple[Figure, Path]) -> Path:
    from .render.charts import draw, save_png

    figure, path = item
    # The page's picture, without its title (the caption gives it), at screen resolution.
    # Drawn untitled rather than drawn titled and cut as a report's are: a third less work,
    # for a plot area a title's strip taller than the report's picture.
    return save_png(draw(dataclasses.replace(figure.chart, title="")), path, dpi=config.EMBEDDED_CHART_DPI,
                    cut_title=False)


def problems_page(problems: list[Problem], title: str, lang: str) -> str:
    """A page listing data problems as ``dept-report check`` does, with what to do."""
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in (
            p.file, p.sheet or "—", p.row if p.row is not None else "—",
            f"{p.column} ({p.letter})" if p.column and p.letter else (p.column or p.letter or "—"),
            p.value or "—")) + f"<td>{html.escape(p.message_uk)}<br><em>{html.escape(p.message_en)}</em></td></tr>"
        for p in problems)
    heading = words.say("preview_problems", lang, n=len(problems))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            "<style>body{font-family:'DejaVu Sans',sans-serif;margin:24px;color:#1b1b1b}"
            "table{border-collapse:collapse}td,th{border:1px solid #c9d3dd;padding:4px 8px;vertical-align:top}"
            "th{background:#e8f0f7}</style></head><body><main>"
            f"<h1>{html.escape(heading)}</h1><table><thead><tr>"
            "<th>Файл / File</th><th>Аркуш / Sheet</th><th>Рядок / Row</th><th>Стовпець / Column</th>"
            "<th>Значення / Value</th><th>Що не так і що зробити / What is wrong and what to do</th>"
            f"</tr></thead><tbody>{rows}</tbody></table></main></body></html>")


def failure_page(message: str, title: str, lang: str) -> str:
    """A page saying why the report could not be made, when the data is not the reason (the
    kernel died, a file could not be written), in the words the terminal would print."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in message.splitlines() if line.strip())
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            "<style>body{font-family:'DejaVu Sans',sans-serif;margin:24px;color:#1b1b1b}</style></head><body><main>"
            f"<h1>{html.escape(words.say('preview_failed', lang))}</h1>{paragraphs}"
            f"<p><strong>{html.escape(words.say('preview_failed_hint', lang))}</strong></p></main></body></html>")


class Preview:
    """One report made again and again into ``folder``, with a warm kernel.

    Parameters
    ----------
    period : str
        "2021-08", "2021-Q3", ...
    data_dir : str or Path, optional
    lang : str
    folder : Path, optional
        Where the page and its pictures go; a temporary folder by default.
    partial : bool
    """

    def __init__(self, period: str, data_dir=None, lang: str = config.DEFAULT_LANGUAGE, folder: Path | None = None,
                 partial: bool = False):
        self.period = parse_period(period)
        self.data_dir = config.resolve_data_dir(data_dir)
        self.lang = words.check_language(lang)
        self.partial = partial
        # A preview publishes nothing: without a folder of its own, it works in a temporary
        # one, removed when it stops.
        self._own_folder = folder is None
        self.folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix=f"dept-report-preview-{self.period.key}-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.kernel = Warm()
        self.exporter = None
        self.version = 0
        self.seconds = 0.0
        self.failure: str | None = None  # why the last build failed, when the data is not why
        self._cache = self.folder / ".cache"

    # -- making the page --------------------------------------------------------------------

    def _charts(self, report) -> object:
        """Start drawing the charts the cache does not hold; return a handle to wait on."""
        self._cache.mkdir(exist_ok=True)
        wanted = {}
        for figure in report.figures:
            path = self._cache / f"{_chart_key(figure)}.png"
            if not path.exists():
                wanted[path] = figure
        return choose().map(_draw_preview_chart, [(figure, path) for path, figure in wanted.items()])

    def _execute(self, report, work: Path) -> Path:
        """Run the notebook on the content built, in the warm kernel."""
        import papermill
        from papermill.exceptions import PapermillExecutionError

        from .runner import PAPERMILL_OPTIONS

        content = work / "content.json"
        content.write_text(report_to_json(report), encoding="utf-8")
        executed = work / "report.ipynb"
        parameters = {"period": self.period.key, "data_dir": str(self.data_dir), "output_dir": ".", "lang": self.lang,
                      "files": False, "content": str(content)}
        try:
            with self.kernel.session(work) as kernel:
                papermill.execute_notebook(str(config.REPORT_NOTEBOOK), str(executed), parameters=parameters,
                                           km=kernel, **PAPERMILL_OPTIONS)
        except PapermillExecutionError as error:
            raise ReportExecutionError(self.period.key, error.cell_index, error.ename, error.evalue, None) from None
        except Exception as error:  # the kernel died, hung or could not start
            # The session has thrown that kernel away: the next save gets a new one.
            raise ReportExecutionError(self.period.key, None, type(error).__name__, str(error) or repr(error),
                                       None) from None
        return executed

    def build(self) -> bool:
        """Make the page (or the problems page) once; True when the report could be made."""
        start = time.perf_counter()
        work = self.folder / ".work"
        shutil.rmtree(work, ignore_errors=True)
        (work / "charts").mkdir(parents=True)
        ok, self.failure = True, None
        try:
            period, _, workbooks = period_sources(self.data_dir, self.period, self.partial)
            data = load_data(self.data_dir, months=list(workbooks))
            report = build_report(data, period, self.lang, dt.datetime.now(TIMEZONE))
            drawing = self._charts(report)  # beside the kernel, as a report's run draws them
            executed = self._execute(report, work)
            drawing.result()
            for figure in report.figures:
                shutil.copyfile(self._cache / f"{_chart_key(figure)}.png", work / "charts" / f"{figure.stem}.png")
            if self.exporter is None:
                self.exporter = html_exporter(self.lang)  # kept: its template is compiled once
            export_html(executed, work / PAGE, self.lang, report.title, self.exporter)
            page = (work / PAGE).read_text(encoding="utf-8")
        except DataValidationError as error:
            page, ok = problems_page(error.problems, self.period.key, self.lang), False
        except DeptAnalysisError as error:
            self.failure, ok = str(error), False
            page = failure_page(self.failure, self.period.key, self.lang)
        page = page.replace("</body>", _RELOAD + "</body>", 1)
        write_atomically(self.folder / PAGE, lambda temporary: Path(temporary).write_text(page, encoding="utf-8"))
        self.version += 1
        self.seconds = time.perf_counter() - start
        return ok

    def close(self) -> None:
        """Stop the warm kernel (and remove the temporary folder, if the preview made one)."""
        self.kernel.stop()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    # -- serving and watching -----------------------------------------------------------------

    def serve(self, port: int = 0) -> ThreadingHTTPServer:
        """Serve the page's folder on 127.0.0.1 (any free port when ``port`` is 0), in a thread."""
        preview = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the standard library's name
                if self.path == VERSION_PATH:
                    body = str(preview.version).encode("ascii")
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Cache-Control", "no-store")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                super().do_GET()

            def log_message(self, format, *args):  # noqa: A002 - the standard library's name
                pass  # the terminal is for what the analyst needs to know

        server = ThreadingHTTPServer(("127.0.0.1", port),
                                     functools.partial(Handler, directory=str(self.folder)))
        threading.Thread(target=server.serve_forever, name="dept-report-preview", daemon=True).start()
        return server

    def watch(self, on_build=None, stop_event: threading.Event | None = None) -> None:
        """Make the page again whenever a workbook or the catalog changes, until ``stop_event``
        is set (or Ctrl-C)."""
        from watchfiles import watch

        def relevant(change, path: str) -> bool:
            name = Path(path).name
            return name.lower().endswith(WATCHED_SUFFIXES) and not name.startswith(("~$", ".~lock", "."))

        for _ in watch(self.data_dir, watch_filter=relevant, stop_event=stop_event, debounce=400, step=30,
                       rust_timeout=500, yield_on_timeout=False):
            ok = self.build()
            if on_build is not None:
                on_build(ok, self.seconds)


__all__ = ["PAGE", "Preview", "failure_page", "problems_page"]
