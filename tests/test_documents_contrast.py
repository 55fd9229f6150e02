"""Contrast, from the style's own colours (WCAG 2.1): text at least 4.5:1 against every
background the stylesheets give (1.4.3); chart marks at least 3:1 against white (1.4.11)."""

from __future__ import annotations

import re

import pytest
from matplotlib import rc_params_from_file

from dept_analysis import catalog, config
from dept_analysis.catalog import load_catalog
from dept_analysis.render import charts

STYLESHEETS = [config.TEMPLATES_DIR / "dept_report" / name for name in ("report.css", "document.css")]
_HEX = r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b"


def luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of "#rrggbb" or "#rgb"."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey text that passes
    assert contrast("#777777", "#ffffff") < 4.5


def _declarations(css: str, property_pattern: str) -> set[str]:
    found = set()
    for match in re.finditer(rf"(?<![-\w])(?:{property_pattern})\s*:\s*([^;}}]+)", css):
        found |= {c.lower() for c in re.findall(_HEX, match.group(1))}
    return found


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda p: p.name)
def test_every_text_colour_reads_on_every_background(stylesheet):
    css = stylesheet.read_text(encoding="utf-8")
    texts = _declarations(css, "color")
    backgrounds = _declarations(css, "background|background-color") | {"#ffffff"}
    assert texts, "the stylesheet sets no text colour: the test would prove nothing"
    for text in texts:
        for background in backgrounds:
            assert contrast(text, background) >= 4.5, (stylesheet.name, text, background)


def _chart_marks() -> set[str]:
    style = rc_params_from_file(str(config.PACKAGE_DIR / "report.mplstyle"), use_default_template=False)
    cycle = {("#" + c.lstrip("#")).lower() for c in style["axes.prop_cycle"].by_key()["color"]}
    source = (config.PACKAGE_DIR / "render" / "charts.py").read_text(encoding="utf-8")
    literals = {c.lower() for c in re.findall(r'color="(' + _HEX + ')"', source)}
    # the colours every metric and channel gets unless the catalog names its own, the greys of
    # other periods and reference lines, and the colours the sample catalog gives
    palettes = {c.lower() for c in (*catalog.METRIC_PALETTE, *catalog.CHANNEL_PALETTE,
                                    charts.OTHER_PERIOD, charts.REFERENCE)}
    sample = load_catalog(config.DATA_DIR)
    named = {item.colour.lower() for item in (*sample.metrics, *sample.channels)}
    return cycle | palettes | named | literals


def test_every_chart_mark_stands_out_from_white():
    marks = _chart_marks()
    assert len(marks) >= 10
    failing = {mark: round(contrast(mark, "#ffffff"), 2) for mark in marks if contrast(mark, "#ffffff") < 3}
    assert failing == {}


def test_chart_text_reads_on_white():
    source = (config.PACKAGE_DIR / "render" / "charts.py").read_text(encoding="utf-8")
    # fig.text(..., color=...) and annotations: the words on a chart
    for colour in re.findall(r'fig\.text\([^)]*color="(' + _HEX + ')"', source):
        assert contrast(colour, "#ffffff") >= 4.5, colour
