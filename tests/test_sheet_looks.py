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
    ("[Red]-0", 214, "-214"),           # a minus of the format's own before a positive number
    ('0" тис."', 49, "49 тис."),         # words of the format's own that make it another quantity
    ('0"%"', 49, "49%"), ("0\\%", 49, "49%"), ('0"k"', 49, "49k"), ('# ##0" млн"', 3, "3 млн"),
    ('0" тисяч"', 49, "49 тисяч"), ('0" відсотків"', 49, "49 відсотків"), ('0" мільйонів"', 2, "2 мільйонів"),
    ('0"‰"', 49, "49‰"),
])
def test_formats_that_show_no_number(code, value, shown):
    assert number_hidden_by(code, value) == shown


@pytest.mark.parametrize("code, value", [
    ("0", 12), ("#,##0", 1234), ("General", 5), ("0.0", 1.5), ('0" шт"', 12), ("[Red]0;[Blue]-0", -4),
    ('0;-0;;@', 12),                     # zeros hidden, this number shown
    ("# ?/?", 3), ("0.00E+00", 12), ('[<100]"";0', 500), ("[>=0]0;[<0]-0", 5),
    ('"№"0', 5), ("# ##0", 1234), ("0_);(0)", 5), ("[$-422]# ##0", 5), ('0" м²"', 49), ('0" (2021)"', 19),
    ("0.00", 214), ("00", 5), ('_-* #,##0\\ _₴_-;\\-* #,##0\\ _₴_-;_-* "-"\\ _₴_-;_-@_-', 1234),
    ("", 5), ('0" матеріалів"', 49), ('0" Мб"', 5), ('0" осіб"', 12), ('#,##0" грн"', 1234), ('0" од."', 3),
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


def _plain(key):
    return None, "ffffff", ""  # the cell's own: automatic text on white, no number format


def test_conditional_formats_mark_only_the_cells_they_hide():
    cells = {(1, 2): 214, (2, 2): 0, (3, 2): 5, (1, 0): "Новини"}
    unseen = {}
    white = ConditionalFormat(((0, 0, 9, 2),), Condition("lessThan", (100.0,)), text="ffffff")
    assert mark_conditional(cells, [white], unseen, _plain)
    assert set(unseen) == {(3, 2)}  # 214 is over 100, a zero hides nothing, a text sorts after numbers


def test_rules_combine_as_excel_combines_them_and_stop_where_told():
    cells = {(1, 2): 214}
    white_text = ConditionalFormat(((1, 2, 1, 2),), Condition("greaterThan", (0.0,)), text="ffffff", fill="1f4e78")
    white_fill = ConditionalFormat(((1, 2, 1, 2),), Condition("greaterThan", (0.0,)), fill="ffffff")
    # The first rule's fill wins: white on dark blue shows.
    assert mark_conditional(cells, [white_text, white_fill], unseen := {}, _plain) and not unseen
    # A white text from one rule and a white fill from another hide it.
    only_text = ConditionalFormat(((1, 2, 1, 2),), Condition("greaterThan", (0.0,)), text="ffffff", fill=None)
    assert mark_conditional(cells, [white_fill, only_text], unseen := {}, _plain) and unseen
    # A rule that holds and says "stop" keeps the later ones from applying.
    stop = ConditionalFormat(((1, 2, 1, 2),), Condition("greaterThan", (0.0,)), stop=True)
    assert mark_conditional(cells, [stop, only_text], unseen := {}, _plain) and not unseen
    # A rule whose condition cannot be judged may apply: the cell is refused.
    maybe = ConditionalFormat(((1, 2, 1, 2),), Condition(), text="ffffff")
    assert mark_conditional(cells, [maybe], unseen := {}, _plain) and unseen
    # ... and one that may or may not apply cannot be counted on to stop the others.
    maybe_stop = ConditionalFormat(((1, 2, 1, 2),), Condition(), stop=True)
    assert mark_conditional(cells, [maybe_stop, only_text], unseen := {}, _plain) and unseen


def test_a_rule_number_format_can_hide_or_whiten_the_number():
    cells = {(1, 2): 214, (2, 2): 49}
    rule = ConditionalFormat(((1, 2, 2, 2),), Condition("lessThan", (100.0,)), code="[White]0")
    assert mark_conditional(cells, [rule], unseen := {}, _plain) and set(unseen) == {(2, 2)}
    rule = ConditionalFormat(((1, 2, 2, 2),), Condition("greaterThan", (100.0,)), code=";;;")
    assert mark_conditional(cells, [rule], unseen := {}, _plain) and set(unseen) == {(1, 2)}


def test_error_and_blank_rules_apply_only_to_errors_and_blanks():
    class Error:
        is_error = True
    assert Condition("isError").holds(Error()) and not Condition("isError").holds(214)
    assert Condition("notError").holds(214) and Condition("notBlank").holds("Новини")
    assert Condition("isError").certain() and not Condition().certain()
    assert formula_condition("ISERROR(C2)", (1, 2)) == Condition("isError", (), ((1, 2, False, False), (1, 2)))


def test_conditional_formats_that_ask_too_much_are_stopped():
    cells = {(row, 0): row + 1 for row in range(1000)}
    rules = [ConditionalFormat(((0, 0, 999, 0),), Condition(), text="ffffff")] * 2001
    assert not mark_conditional(cells, rules, {}, _plain)
