"""The HTML report in a real browser with the network off: Debian's Chromium, driven by
Selenium through Debian's chromedriver (both installed by .ci/run)."""

from __future__ import annotations

import base64
import json
import shutil

import pytest


CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
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
