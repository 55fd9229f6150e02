"""The value of a formula made of numbers alone (``=200+14``, ``=SUM(40;9)``), to check the
result a workbook saved against it.

A program that writes workbooks without calculating them (XlsxWriter, a script) saves 0, or
an old result, beside a formula, and asks Excel to calculate on opening (``fullCalcOnLoad``):
Excel then shows the formula's value, and a reader that takes the saved result reads
another number. A formula of numbers alone is calculated here; one that names cells is not
(the loader refuses its result when the workbook asks for calculation).

Only arithmetic is understood: numbers, ``+ - * /``, a trailing ``%``, parentheses and
SUM. Python's ``ast`` parses the expression, and only those nodes are evaluated. Powers are
left alone: spreadsheets read ``-7^2`` as 49 and ``2^3^2`` as 64, Python as -49 and 512, so
a formula with ``^`` is treated as one that names cells.
"""

from __future__ import annotations

import ast
import operator
import re

_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_SIGNS = {ast.USub: operator.neg, ast.UAdd: operator.pos}
# What may appear in a formula of numbers alone, before it is handed to ast.
_ARITHMETIC = re.compile(r"^[0-9.eE+\-*/%(),; ]+$")
_MAX_LENGTH = 200


def constant_value(formula: str) -> float | None:
    """Return the value of ``formula`` (without its "=") when it is arithmetic on numbers
    alone, else None (it names cells, calls other functions, or is malformed)."""
    text = formula.strip().lstrip("=").strip()
    if not text or len(text) > _MAX_LENGTH:
        return None
    text = re.sub(r"(?i)\bsum\s*\(", "(", text).replace(";", ",")
    if not _ARITHMETIC.match(text):
        return None
    # 12% is 0.12; SUM(a,b) is a+b, written as a tuple and added up below.
    text = re.sub(r"([0-9.]+)%", r"(\1/100)", text)
    try:
        tree = ast.parse(text, mode="eval")
        return _evaluate(tree.body)
    except (SyntaxError, ValueError, TypeError, ZeroDivisionError, OverflowError, RecursionError):
        return None


def _evaluate(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return float(_OPERATORS[type(node.op)](_evaluate(node.left), _evaluate(node.right)))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _SIGNS:
        return _SIGNS[type(node.op)](_evaluate(node.operand))
    if isinstance(node, ast.Tuple):  # the arguments of SUM
        return float(sum(_evaluate(element) for element in node.elts))
    raise ValueError("not arithmetic on numbers")


__all__ = ["constant_value"]
