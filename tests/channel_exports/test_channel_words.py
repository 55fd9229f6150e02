"""The export readers' messages live in the project's language tables, not in the code."""

from __future__ import annotations

import ast
import re

from dept_analysis import config, words
from dept_analysis.channel_exports import ExportFormatError, ExportSpecError, Words

PACKAGE = config.PACKAGE_DIR / "channel_exports"
CYRILLIC = re.compile(r"[а-яіїєґА-ЯІЇЄҐ]")
# Data, not words: the month names a CSV export may write, and the column names and type
# values of the shipped CSV mappings (what the platforms write in their files).
DATA_MODULES = {"csv_presets.py"}
DATA_NAMES = {"_MONTH_WORDS", "_YEAR_WORD"}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _data_constants(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        targets = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
        if isinstance(node, ast.For) and isinstance(node.target, ast.Tuple):
            targets = ["_MONTH_WORDS"] if any(isinstance(e, ast.Name) and e.id == "_words" for e in node.target.elts) \
                else []
        if set(targets) & DATA_NAMES:
            found |= {id(child) for child in ast.walk(node)}
    return found


def test_no_ukrainian_words_in_the_readers_code():
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name in DATA_MODULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree) | _data_constants(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                    and CYRILLIC.search(node.value)):
                found.append(f"{path.name}:{node.lineno}: {node.value[:40]}")
    assert found == []


def test_every_key_the_readers_use_is_in_every_table():
    used = set()
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("import."):
                used.add(node.value)
    # f"import.website.is_{kind}": a key per kind, each in the table.
    prefixes = {key for key in used if key.endswith("_")}
    for prefix in prefixes:
        assert [key for key in words.TABLES["uk"] if key.startswith(prefix)], prefix
    used -= prefixes
    assert len(used) > 80
    for lang, table in words.TABLES.items():
        assert sorted(used - set(table)) == [], lang


def test_words_say_fills_each_language_and_nests():
    where = Words.say("import.where.line", line=7)
    assert (where.uk, where.en) == ("рядок 7", "line 7")
    nested = Words.say("import.csv.date_expected", formats=Words("ДД.ММ.РРРР", "DD.MM.YYYY"))
    assert (nested.uk, nested.en) == ("дата у вигляді ДД.ММ.РРРР", "a date as DD.MM.YYYY")


def test_messages_read_in_both_languages():
    error = ExportFormatError("result.json", Words.say("import.where.message_id", id=5),
                              Words.say("import.telegram.no_date"), Words.say("import.telegram.date_expected"))
    assert str(error) == ("Файл «result.json», повідомлення id 5: повідомлення без дати. Очікувалося: поле "
                          "date_unixtime або date у вигляді 2021-08-31T14:05:00. / File “result.json”, message id 5: "
                          "the message has no date. Expected: a date_unixtime field, or date as 2021-08-31T14:05:00.")
    assert error.message("en").startswith("File “result.json”, message id 5")
    spec = ExportSpecError(Words.say("import.spec.block", table="exports", number=2), Words.say("import.spec.forwards"))
    assert str(spec) == ("Каталог, блок [[exports]] № 2: forwards має бути true або false / "
                         "Catalog, block [[exports]] No. 2: forwards must be true or false")


def test_placeholders_agree_between_languages():
    def names(text: str) -> set[str]:
        return set(re.findall(r"\{(\w+)\}", text))

    keys = [key for key in words.TABLES["uk"] if key.startswith(("import.", "new."))]
    assert len(keys) > 150
    assert [key for key in keys if names(words.TABLES["uk"][key]) != names(words.TABLES["en"][key])] == []
