"""What a cell's format lets the person see: the pure rules behind refusing hidden values."""

from __future__ import annotations

import pytest

from dept_analysis.sheets.looks import (Condition, ConditionalFormat, format_colour, formula_condition, mark_conditional,
                                        number_hidden_by, points, same_colour, sections, text_hidden_by, tinted)


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
    ('[>100]"багато";0', 500, "багато"),  # a condition picks the section: a word for big numbers
    ('[<100]"";0', 49, ""),             # ... or nothing for small ones
    ('[>100]0;[<0]-0', 5, "####"),       # no section takes 5: the spreadsheet shows ####
    ("0,", 214, "0"),                   # a trailing comma divides by 1000: 214 is shown as 0
    ("0.0,,", 1234567, "1.2"),
    ('"1"0', 214, "1214"),              # digits of the format's own beside the number
])
def test_formats_that_show_no_number(code, value, shown):
    assert number_hidden_by(code, value) == shown


@pytest.mark.parametrize("code, value", [
    ("0", 12), ("#,##0", 1234), ("General", 5), ("0.0", 1.5), ('0" шт"', 12), ("[Red]0;[Blue]-0", -4),
    ('0;-0;;@', 12),                     # zeros hidden, this number shown
    ("# ?/?", 3), ("0.00E+00", 12), ('[<100]"";0', 500), ("[>=0]0;[<0]-0", 5),
    ('"№"0', 5), ("# ##0", 1234), ("0_);(0)", 5), ("[$-422]# ##0", 5),
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


def test_a_format_colour_is_the_colour_of_the_section_that_shows_the_value():
    assert format_colour("[White]0", 5) == "ffffff"
    assert format_colour("[Red]0;[Blue]-0", -4) == "0000ff"
    assert format_colour("0;[White]-0", 5) is None
    assert format_colour("[Color2]0", 1) == "ffffff"
    assert format_colour("0", 1) is None


def test_colours_too_close_to_tell_apart_are_the_same():
    assert same_colour("#fefefe", "#ffffff")
    assert same_colour("f2f2f2", "ffffff")        # the faintest grey on white
    assert not same_colour("bfbfbf", "ffffff")    # a grey one reads
    assert not same_colour("ffffff", "1f4e78")    # white on dark blue


def test_a_tint_moves_a_colour_towards_white_or_black():
    assert tinted("000000", 0.9999) == "ffffff"
    assert tinted("ffffff", -0.5) == "808080"
    assert tinted("4472c4", 0) == "4472c4"


@pytest.mark.parametrize("condition, value, holds", [
    (Condition("equal", (0.0,)), 0, True),
    (Condition("equal", (0.0,)), 5, False),
    (Condition("equal", (0.0,)), "Новини", False),       # a text is never equal to a number
    (Condition("greaterThan", (0.0,)), "Новини", True),  # ... and sorts after every number
    (Condition("between", (1.0, 10.0)), 5, True),
    (Condition("notBetween", (1.0, 10.0)), 5, False),
    (Condition("equal", ("так",)), "ТАК", True),         # texts ignore letter case
    (Condition("equal", ("так",)), 1, False),
    (Condition("equal", (None,)), 5, True),              # a reference: not judged, may hold
    (Condition(), 5, True),                              # a formula, "top 10": may hold
])
def test_conditions_are_judged_as_spreadsheets_judge_them(condition, value, holds):
    assert condition.holds(value) is holds


def test_a_formula_rule_compares_the_cell_it_names_from_each_cell():
    condition = formula_condition("$C2=0", (1, 0))  # written for A2, over A2:C9
    assert condition.subject((4, 0)) == (4, 2)      # A5 looks at C5
    assert condition.subject((4, 2)) == (4, 2)
    assert formula_condition("C2>100", (1, 2)).subject((5, 2)) == (5, 2)
    assert formula_condition("SUM(C2:C9)>0", (1, 2)) == Condition()


def test_conditional_formats_mark_only_the_cells_they_hide():
    cells = {(1, 2): 214, (2, 2): 0, (3, 2): 5, (1, 0): "Новини"}
    unseen = {}
    white = ConditionalFormat(((0, 0, 9, 2),), Condition("lessThan", (100.0,)), lambda key, value: "")
    assert mark_conditional(cells, [white], unseen)
    assert set(unseen) == {(3, 2)}  # 214 is over 100, a zero hides nothing, a text sorts after numbers


def test_conditional_formats_that_ask_too_much_are_stopped():
    cells = {(row, 0): row + 1 for row in range(1000)}
    rules = [ConditionalFormat(((0, 0, 999, 0),), Condition(), lambda key, value: None)] * 2001
    assert not mark_conditional(cells, rules, {})
