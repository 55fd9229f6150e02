"""The package's shape: no import cycle, words for every code in every language, and the
report's content free of any format."""

from __future__ import annotations

import ast
from pathlib import Path

from dept_analysis import config, words
from dept_analysis.problems import ProblemCode

PACKAGE = config.PACKAGE_DIR


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every dept_analysis module ``path`` imports, anywhere in it (inside functions and
    ``if TYPE_CHECKING:`` included)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("dept_analysis")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("dept_analysis"):
                continue
            # "from . import words" imports the module words, not only the package.
            submodules = {f"{target}.{alias.name}" for alias in node.names} & modules
            found |= submodules or {target}
    found.discard(name)
    return {m for m in found if m in modules}


def test_no_module_imports_itself_back_even_through_type_checking():
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: _imports(path, set(files)) for name, path in files.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_import_graph_holds_the_edges_it_should():
    # The check above would pass on a graph it failed to build: show it finds edges.
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    assert "dept_analysis.words" in _imports(files["dept_analysis.problems"], set(files))
    assert "dept_analysis.model" in _imports(files["dept_analysis.render.html"], set(files))


def test_every_language_table_has_the_same_words():
    keys = {lang: set(table) for lang, table in words.TABLES.items()}
    reference = keys["uk"]
    for lang, table_keys in keys.items():
        assert table_keys == reference, (lang, sorted(table_keys ^ reference))


def test_every_problem_code_has_its_words_in_every_language():
    for lang, table in words.TABLES.items():
        missing = [code.value for code in ProblemCode if f"problem.{code.value}" not in table]
        assert missing == [], lang
        unused = [key for key in table if key.startswith("problem.") and key[8:] not in {c.value for c in ProblemCode}]
        assert unused == [], lang


def test_the_report_content_knows_no_format():
    source = (PACKAGE / "content.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 if not node.level}
    assert imported.isdisjoint({"matplotlib", "docx", "pptx", "jinja2", "nbformat", "nbconvert", "papermill",
                                "html", "multiprocessing", "subprocess"})
    assert "<" not in "".join(s.value for s in ast.walk(tree) if isinstance(s, ast.Constant)
                               and isinstance(s.value, str) and not s.value.startswith(("\"", "'")))
