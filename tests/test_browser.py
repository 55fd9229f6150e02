"""The HTML report in a real browser with the network off: Debian's Chromium, driven by
Selenium through Debian's chromedriver (both installed by .ci/run)."""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path

import pytest

from built_reports import built_report


CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
# axe-core's browser build, fetched by .ci/run (npm install --prefix .ci/node axe-core@...), kept
# out of git; AXE_CORE_JS names another copy.
AXE_CORE_JS = Path(os.environ.get("AXE_CORE_JS") or
                   Path(__file__).resolve().parents[1] / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every kind of report: the Ukrainian month is conftest's august; the others are built once.
REPORT_KINDS = {"month-en": ("2021-08", "en"), "quarter": ("2021-Q3", "uk"), "half-year": ("2021-H1", "uk"),
                "year": ("2021", "uk")}
pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="Debian's chromium and chromium-driver are not installed"),
]


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     # the network is off: any host name fails to resolve
                     "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                     f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def test_report_opens_offline_with_every_image_and_no_request(august, browser, tmp_path):
    browser.get_log("performance")  # drop what the browser's own start page requested
    browser.get(august.joinpath("report.html").as_uri())
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight]);")
    assert len(images) >= 4
    assert all(complete and width > 0 and height > 0 for complete, width, height in images), images
    assert browser.execute_script("return document.documentElement.lang") == "uk"
    assert "за серпень 2021 року" in browser.title

    console = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert console == []
    events = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    urls = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    assert any(url.startswith("file:") for url in urls)
    leaving = [url for url in urls if not url.startswith(("file:", "data:", "chrome:", "chrome-", "about:"))]
    assert leaving == []

    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(height, 16000))
    assert browser.save_screenshot(str(tmp_path / "report-2021-08.png"))


def test_report_prints_on_a4(august, browser, tmp_path):
    from selenium.webdriver.common.print_page_options import PrintOptions

    browser.get(august.joinpath("report.html").as_uri())
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    assert pdf.startswith(b"%PDF")
    (tmp_path / "report-2021-08.pdf").write_bytes(pdf)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 2 <= pages <= 12


@pytest.fixture(params=["month", *REPORT_KINDS])
def report_of_each_kind(request, august, tmp_path_factory):
    if request.param == "month":
        return august
    return built_report(*REPORT_KINDS[request.param], tmp_path_factory)


def run_axe(browser) -> dict:
    """axe-core's WCAG 2.1 A and AA rules on the open page, with every <details> opened (the
    charts' data tables and the technical details are checked too)."""
    if not AXE_CORE_JS.is_file():
        pytest.skip(f"axe-core is not installed at {AXE_CORE_JS} (.ci/run: npm install --prefix .ci/node axe-core)")
    browser.execute_script("document.querySelectorAll('details').forEach(d => { d.open = true; });")
    browser.execute_script(AXE_CORE_JS.read_text(encoding="utf-8"))
    browser.set_script_timeout(120)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(JSON.stringify({violations: r.violations, passes: r.passes.length})))"
        ".catch(e => done(JSON.stringify({error: String(e)})));", WCAG_21_AA)
    return json.loads(result)


def test_every_kind_of_report_has_no_wcag_21_aa_violation(report_of_each_kind, browser):
    browser.get((report_of_each_kind / "report.html").as_uri())
    result = run_axe(browser)
    assert "error" not in result, result
    assert result["passes"] >= 15  # axe ran its rules (color-contrast, image-alt, th-has-data-cells ...)
    summary = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]]
    assert summary == []


def test_landmarks_and_languages(report_of_each_kind, browser):
    browser.get((report_of_each_kind / "report.html").as_uri())
    page = browser.execute_script("""
        const main = document.querySelectorAll('main');
        const nav = document.querySelector('main nav.toc');
        return {main: main.length, nav: nav ? nav.getAttribute('aria-label') : null,
                links: nav ? nav.querySelectorAll('a[href^="#"]').length : 0,
                lang: document.documentElement.lang,
                activities: (document.querySelector('div.activities') || {}).lang || '',
                figures: Array.from(document.querySelectorAll('figure.chart')).map(f => [
                    f.querySelector('img').alt.length, f.querySelector('figcaption').textContent.length,
                    f.querySelectorAll('details table caption').length,
                    f.querySelectorAll('details table th[scope=col]').length,
                    f.querySelectorAll('details table th[scope=row]').length])};""")
    assert page["main"] == 1 and page["nav"] and page["links"] >= 6
    english = page["lang"] == "en"
    assert page["lang"] in ("uk", "en")
    assert page["activities"] == ("uk" if english else "")  # quoted Ukrainian marked in the English report
    assert page["figures"]
    for alt, caption, captions, column_headers, row_headers in page["figures"]:
        assert alt > caption and captions == 1 and column_headers >= 2 and row_headers >= 1

