"""The kept corpus of real-world and hostile workbooks (tests/corpus, see its README): made by
LibreOffice, by Excel-like writers and by hand. Every workbook is read to exactly the numbers
and words recorded for it, or refused with exactly the problems recorded, naming sheet, row
and column: none is accepted and misread, none crashes the reader."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dept_analysis import config
from dept_analysis.loading import check_data

CORPUS = Path(__file__).parent / "corpus"
CASES = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_corpus_workbook_is_read_exactly_or_refused_exactly(tmp_path, case):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(config.DATA_DIR / "catalog.toml", folder)
    source = CORPUS / case["file"]
    shutil.copy(source, folder / source.name)
    data, problems = check_data(folder)
    expect = case["expect"]
    if "refused" in expect:
        assert data is None, f"accepted: {case['what']}"
        got = sorted((p.code.value, p.sheet, p.row, p.letter or None) for p in problems)
        # A whole file refused is "unreadable" in the corpus, with the precise reason beside it.
        wanted = sorted((case.get("specific_code") if e["code"] == "unreadable" else e["code"], e["sheet"], e["row"],
                         e["column_letter"]) for e in expect["refused"])
        assert got == wanted
        for problem in problems:  # every refusal says what to do, in both languages
            assert problem.message_uk and problem.message_en and problem.file == source.name
    else:
        assert problems == [], [p.as_dict() for p in problems]
        counts = {f"{m}/{c}": int(n) for m, c, n in zip(data.counts["metric"], data.counts["channel"],
                                                         data.counts["count"])}
        assert counts == expect["accepted"]["counts"]
        activities = [[s, t] for s, t in zip(data.activities["section"], data.activities["text"])]
        assert activities == expect["accepted"]["activities"]
