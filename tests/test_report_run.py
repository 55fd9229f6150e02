"""The report end to end: papermill runs the notebook, nbconvert writes the HTML; assertions
on what a reader sees in the page and in the files beside it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from PIL import Image

from dept_analysis import config
from dept_analysis.cli import main
from dept_analysis.grammar import format_number
from conftest import parse

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def test_report_files_are_all_there(august):
    for name in ("report.html", "report.ipynb", "report.pptx", "report.docx"):
        assert (august / name).stat().st_size > 1000, name
    assert not list(august.parent.glob(".2021-08.staging-*"))


def test_report_states_the_published_figures_with_correct_forms(august):
    page = parse(august / "report.html")
    assert page.lang == "uk"
    text = page.plain
    assert ("Звіт про роботу відділу інформаційно-аналітичної роботи та комунікацій з громадськістю виконавчого "
            "комітету Ніжинської міської ради за серпень 2021 року") in text
    assert "Робота відділу протягом серпня 2021 року була спрямована" in text
    assert "Підготовлено та розміщено 296 новин та інших інформаційних матеріалів." in text
    assert "248 нормативних актів" in text
    assert "68 матеріалів з фото" in text and "68 матеріал " not in text
    assert "19 відеосюжетів" in text
    assert "онлайн робочу зустріч" in text
    assert "ТОВ «Редакція газети «Свідомий погляд»" in text


def test_report_comparisons_equal_the_sample_data(august, sample_counts):
    text = parse(august / "report.html").plain
    for metric in ("news", "draft_acts", "photo_materials", "video_stories"):
        change = int(sample_counts.at["2021-08", metric] - sample_counts.at["2021-07", metric])
        word = "більше" if change > 0 else "менше"
        assert f"на {abs(change)} {word}, ніж у липні" in text, metric
        ytd = int(sum(sample_counts.at[f"2021-{m:02d}", metric] for m in range(1, 9)))
        assert format_number(ytd).replace("\u202f", " ").replace("\u00a0", " ") in text


def test_report_is_self_contained_without_code(august):
    html = (august / "report.html").read_text(encoding="utf-8")
    page = parse(august / "report.html")
    assert page.fetches == []
    assert page.scripts == 0 or "<script src" not in html
    assert len([src for src in page.images if src.startswith("data:image/png;base64,")]) >= 4
    assert "MonthlyReport.build" not in html and "report.key_figures()" not in html
    assert "jp-InputPrompt jp-InputArea-prompt" not in html and "In&nbsp;[" not in html
    assert "injected-parameters" not in html
    # the table of contents points at headings that exist
    assert {"key-figures", "narrative", "activities", "highlights", "charts", "notes"} <= set(page.links)
    assert set(page.links) <= set(page.ids)
    assert "Рисунок 1." in page.plain and "Рисунок 4." in page.plain


def test_notes_give_sources_with_sha256_and_provenance(august):
    from dept_analysis.datafolder import sha256_of

    text = parse(august / "report.html").plain
    assert f"2021-08.xlsx {sha256_of(config.DATA_DIR / '2021-08.xlsx')}" in text
    assert "Порівнювалися місяці" in text and "dept-analysis" in text


def test_chart_files_are_16_9_at_200_dpi(august):
    titled = sorted((august / "charts").glob("*_titled.png"))
    pngs = sorted(set((august / "charts").glob("*.png")) - set(titled))
    svgs = sorted((august / "charts").glob("*.svg"))
    assert len(pngs) == 4 and len(svgs) == len(pngs) == len(titled)
    for plain, with_title in zip(pngs, titled):
        assert with_title.name == plain.name.replace(".png", "_titled.png")
        with Image.open(with_title) as image:
            width, height = image.size
            dpi = image.info.get("dpi", (0, 0))[0]
        # the copy for slides keeps the whole 16:9 page, its title on it
        assert width / height == pytest.approx(16 / 9, rel=0.01)
        assert dpi >= 199 and width >= 2600
        with Image.open(plain) as image:
            # the copy under a caption is the same chart with the title band cut off
            assert image.size[0] == width and image.size[1] < height
            assert image.info.get("dpi", (0, 0))[0] >= 199


def test_english_report(tmp_path):
    result = CliRunner().invoke(main, ["run", "2021-08", "--lang", "en", "--output-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = parse(tmp_path / "2021-08-en" / "report.html")
    assert not (tmp_path / "2021-08").exists()  # the Ukrainian report's folder is left alone
    assert page.lang == "en"
    assert "News items and other information materials prepared and published: 296." in page.plain
    assert "Key figures" in page.plain and "Figure 1." in page.plain
    assert "Ключові показники" not in page.plain


def test_plain_papermill_command_line_runs_the_notebook(tmp_path):
    out = tmp_path / "out.ipynb"
    completed = subprocess.run(
        [str(BIN / "papermill"), str(config.REPORT_NOTEBOOK), str(out), "-p", "month", "2021-08",
         "-p", "output_dir", str(tmp_path / "o"), "--cwd", str(config.NOTEBOOKS_DIR)],
        capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    notebook = nbformat.read(out, as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in notebook.cells for o in c.get("outputs", []))
    assert "296 новин" in html
    assert len(list((tmp_path / "o" / "charts").glob("*.png"))) >= 4


# -- errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("month", ["2021-13", "08", "2021/08", "../2021-08", "2021-08/../../etc", ""])
def test_malformed_month_is_refused_before_any_kernel(tmp_path, month):
    result = CliRunner().invoke(main, ["run", month, "--output-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "РРРР-ММ" in result.output and "YYYY-MM" in result.output
    assert list(tmp_path.iterdir()) == []


def test_month_without_a_workbook_lists_the_months_there_are(tmp_path):
    result = CliRunner().invoke(main, ["run", "2023-05", "--output-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "2023-05" in result.output and "2020-01" in result.output and "2021-12" in result.output


def test_data_problem_prints_the_validation_table(tmp_path, sample_data_dir):
    import openpyxl

    path = sample_data_dir / "2021-03.xlsx"
    workbook = openpyxl.load_workbook(path)
    workbook["Показники"]["C4"] = -7
    workbook.save(path)
    result = CliRunner().invoke(main, ["run", "2021-08", "--data-dir", str(sample_data_dir),
                                       "--output-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "2021-03.xlsx" in result.output and "Показники" in result.output and "Кількість" in result.output
    assert "| 4 " in result.output


def _broken_notebook(tmp_path: Path, source: str) -> Path:
    notebook = nbformat.read(config.REPORT_NOTEBOOK, as_version=4)
    index = next(i for i, c in enumerate(notebook.cells) if c.source.strip() == "report.narrative()")
    notebook.cells[index].source = source
    path = tmp_path / "broken.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.mark.parametrize("source, error_name", [
    ("raise RuntimeError('зламано')", "RuntimeError"),
    ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "DeadKernelError"),
])
def test_failing_cell_keeps_last_good_report(august, tmp_path, monkeypatch, source, error_name):
    out = tmp_path / "outputs"
    shutil.copytree(august, out / "2021-08")
    good = (out / "2021-08" / "report.html").read_bytes()
    monkeypatch.setattr(config, "REPORT_NOTEBOOK", _broken_notebook(tmp_path, source))
    result = CliRunner().invoke(main, ["run", "2021-08", "--force", "--output-dir", str(out)])
    assert result.exit_code == 1
    assert error_name in result.output
    assert (out / "2021-08" / "report.html").read_bytes() == good
    if error_name == "RuntimeError":
        assert "зламано" in result.output and "cell" in result.output
        assert (out / "2021-08" / "report.failed.ipynb").exists()
    else:  # no cell to blame: the user is told the kernel stopped and to run it again
        assert "the Python kernel running the report stopped or did not start" in result.output
        assert "run it again" in result.output and "failed notebook: None" not in result.output
    assert not list(out.glob(".2021-08.staging-*"))


def test_unchanged_month_is_skipped_and_force_rebuilds(august):
    out = august.parent
    before = (august / "report.html").stat().st_mtime_ns
    result = CliRunner().invoke(main, ["run", "2021-08", "--output-dir", str(out)])
    assert result.exit_code == 0 and "без змін / unchanged" in result.output
    assert (august / "report.html").stat().st_mtime_ns == before


def test_blank_template_for_next_month_does_not_stop_this_months_report(sample_data_dir, tmp_path):
    assert CliRunner().invoke(main, ["template", str(sample_data_dir / "2022-01.xlsx"),
                                     "--data-dir", str(sample_data_dir)]).exit_code == 0
    (sample_data_dir / "2020-01.xlsx").write_bytes(b"broken")  # outside 2021-12's thirteen months
    checked = CliRunner().invoke(main, ["check", str(sample_data_dir)])
    assert checked.exit_code == 1 and "2022-01.xlsx" in checked.output and "2020-01.xlsx" in checked.output
    result = CliRunner().invoke(main, ["run", "2021-12", "--data-dir", str(sample_data_dir),
                                       "--output-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "375 новин" in parse(tmp_path / "2021-12" / "report.html").plain
    # a month that does read the broken file is stopped, naming it
    result = CliRunner().invoke(main, ["run", "2020-06", "--data-dir", str(sample_data_dir),
                                       "--output-dir", str(tmp_path)])
    assert result.exit_code == 1 and "2020-01.xlsx" in result.output
