"""What a cell's format lets the person see: the pure rules behind refusing hidden values."""

from __future__ import annotations

import pytest

from dept_analysis.sheets.looks import number_hidden_by, points, same_colour, sections, text_hidden_by


def test_sections_split_only_outside_quotes_and_escapes():
    assert sections(';;;') == ["", "", "", ""]
    assert sections('0" шт;"') == ['0" шт;"']
    assert sections('0\\;0;-0') == ["0\\;0", "-0"]


@pytest.mark.parametrize("code, value, shown", [
    (";;;", 12, ""),                    # the classic way to hide a value
    (";;;", -3, ""),
    ('"—"', 49, "—"),                   # a fixed text in place of the number
    ('0;-0;"нуль"', 0, "нуль"),
    ('0;;', -5, ""),                    # negatives hidden
    ("\\x", 7, "x"),
])
def test_formats_that_show_no_number(code, value, shown):
    assert number_hidden_by(code, value) == shown


@pytest.mark.parametrize("code, value", [
    ("0", 12), ("#,##0", 1234), ("General", 5), ("0.0", 1.5), ('0" шт"', 12), ("[Red]0;[Blue]-0", -4),
    ('0;-0;;@', 12),                     # zeros hidden, this number shown
    ("# ?/?", 3), ("0.00E+00", 12), ("[>100]\"багато\";0", 500),  # conditions: left alone
    ("", 5),
])
def test_formats_that_show_the_number(code, value):
    assert number_hidden_by(code, value) is None


def test_only_a_fourth_section_without_the_text_placeholder_hides_text():
    assert text_hidden_by(";;;") == ""
    assert text_hidden_by('0;-0;0;"—"') == "—"
    assert text_hidden_by("0;-0;0;@") is None
    assert text_hidden_by('0;-0;;"Примітка: "@') is None
    assert text_hidden_by("0") is None and text_hidden_by('"—"') is None


def test_lengths_in_points():
    assert points("2pt") == 2
    assert points("0.0291in") == pytest.approx(2.0952)
    assert points("1cm") == pytest.approx(28.3465, rel=1e-4)
    assert points("0.5mm") == pytest.approx(1.4173, rel=1e-3)
    assert points("wide") is None and points(None) is None and points("3furlong") is None


def test_colours_compare_by_their_rgb_whatever_the_spelling():
    assert same_colour("FFFFFFFF", "#ffffff")
    assert same_colour("#1F3864", "ff1f3864")
    assert not same_colour("#000000", "#ffffff")
    assert not same_colour(None, "#ffffff")  # an unset colour is picked to show
