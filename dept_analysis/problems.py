"""One problem found in the data, and the table that shows all of them at once."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Problem:
    """A single mistake in a workbook or in the catalog, said so an office worker can fix it.

    Parameters
    ----------
    file : str
        File name as the user sees it in the data folder.
    message_uk, message_en : str
        What is wrong and what to do, in Ukrainian and in English.
    sheet : str
        Sheet name, or "" when the problem concerns the whole file.
    row : int or None
        Row number as the spreadsheet shows it (1-based), or None.
    column : str
        Column header as written in the workbook (or the expected header), or "".
    value : str
        The offending value as typed, or "".
    """

    file: str
    message_uk: str
    message_en: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    code: str = field(default="", compare=False)

    def as_dict(self) -> dict:
        """Return the problem as a plain dictionary (for tables and JSON)."""
        return asdict(self)


HEADERS = ("Файл / File", "Аркуш / Sheet", "Рядок / Row", "Стовпець / Column", "Значення / Value",
           "Що не так і що зробити / What is wrong and what to do")


def _cells(problem: Problem) -> list[str]:
    value = problem.value
    if len(value) > 40:
        value = value[:37] + "..."
    return [
        problem.file,
        problem.sheet or "—",
        str(problem.row) if problem.row is not None else "—",
        problem.column or "—",
        repr(value) if value else "—",
        f"{problem.message_uk}\n{problem.message_en}",
    ]


def format_problems(problems: list[Problem], width: int | None = None) -> str:
    """Render problems as one plain-text table, widest column wrapped to fit the terminal.

    Parameters
    ----------
    problems : list of Problem
        Problems in the order they should be read.
    width : int, optional
        Total width; the terminal's width by default (at least 100).

    Returns
    -------
    str
        A heading line with the count, then the table.
    """
    width = width or max(100, shutil.get_terminal_size((140, 20)).columns)
    rows = [_cells(p) for p in problems]
    fixed = [max(len(HEADERS[i].split(" / ")[0]), *(len(r[i]) for r in rows)) if rows else 8
             for i in range(5)]
    fixed = [min(w, 28) for w in fixed]
    last = max(40, width - sum(fixed) - 3 * 5 - 4)
    widths = [*fixed, last]

    def wrap(text: str, w: int) -> list[str]:
        lines: list[str] = []
        for part in text.split("\n"):
            lines.extend(textwrap.wrap(part, w, break_long_words=True) or [""])
        return lines

    def render(cells: list[str]) -> list[str]:
        wrapped = [wrap(c, w) for c, w in zip(cells, widths)]
        height = max(len(w) for w in wrapped)
        out = []
        for i in range(height):
            parts = [(w[i] if i < len(w) else "").ljust(width_) for w, width_ in zip(wrapped, widths)]
            out.append("| " + " | ".join(parts) + " |")
        return out

    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [
        f"Знайдено проблем: {len(problems)} / Problems found: {len(problems)}",
        rule,
        *render([h.replace(" / ", "\n") for h in HEADERS]),
        rule.replace("-", "="),
    ]
    for row in rows:
        lines.extend(render(row))
        lines.append(rule)
    return "\n".join(lines)
