"""The layering rules, held by reading the code (AST), so that they do not depend on care alone.

- the core never imports Qt;
- the window and the command line write no SQL and import no database driver;
- the window and the command line use no private member of the store;
- inside the core, only the session package (the store and its modules) uses the store's private
  members;
- the window is built by composition: no class in the window reads a private attribute
  (``self._x``) that neither it nor its own bases in the window assign or define, and no class
  there is made of mixins (more than one base class of the project's own);
- the store takes the functions of its modules as its methods: neither it nor its parts inherit
  a class of the project.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "annotator"
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "shiboken2")
# statements as the core writes them (upper-case keywords), not words of a sentence shown
SQL = re.compile(r"\bSELECT\b.*\bFROM\b|\bINSERT (OR \w+ )?INTO\b|\bUPDATE \S+ SET\b"
                 r"|\bDELETE FROM\b|\b(CREATE|DROP|ALTER) TABLE\b|\bPRAGMA\b", re.S)
STORE_PACKAGE = PACKAGE / "core" / "session"
STORE_PRIVATE = {"_db", "_transact", "_run", "_index_document", "_require_writable", "_texts",
                 "_known_damage", "_lock"}
# no module outside the session package is let off (merge writes through the bulk methods)
KNOWN_EXCEPTIONS: set[Path] = set()


def modules(*parts: str) -> list[Path]:
    root = PACKAGE.joinpath(*parts)
    return [root] if root.is_file() else sorted(root.rglob("*.py"))


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(module: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_core_never_imports_qt():
    found = [f"{path.relative_to(PACKAGE)}: {name}" for path in modules("core")
             for name in imported(tree(path)) if name.split(".")[0] in QT_MODULES]
    assert found == []


@pytest.mark.parametrize("part", ["gui", "cli.py"])
def test_the_window_and_the_command_line_write_no_sql(part):
    found = []
    for path in modules(part):
        module = tree(path)
        for name in imported(module):
            if name.split(".")[0] in ("sqlite3", "sqlite_utils"):
                found.append(f"{path.name}: imports {name}")
        for node in ast.walk(module):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and SQL.search(node.value):
                found.append(f"{path.name}:{node.lineno}: SQL {node.value[:40]!r}")
            if isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany",
                                                                 "executescript"):
                found.append(f"{path.name}:{node.lineno}: .{node.attr}(")
    assert found == []


def _private_store_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Attribute) and node.attr in STORE_PRIVATE:
            owner = node.value
            owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if owner_name != "self" and "store" in owner_name.lower():
                found.append(f"{path.name}:{node.lineno}: {owner_name}.{node.attr}")
    return found


@pytest.mark.parametrize("part", ["gui", "cli.py"])
def test_the_window_and_the_command_line_use_no_private_member_of_the_store(part):
    assert [use for path in modules(part) for use in _private_store_uses(path)] == []


def test_only_the_store_uses_its_private_members_inside_the_core():
    found = [use for path in modules("core")
             if STORE_PACKAGE not in path.parents and path not in KNOWN_EXCEPTIONS
             for use in _private_store_uses(path)]
    assert found == []


def test_the_checks_see_what_they_look_for(tmp_path):
    """The rules above would pass on an empty tree; this shows they catch each kind."""
    sample = tmp_path / "sample.py"
    sample.write_text("import PySide6\nstore._db.execute('SELECT 1 FROM x')\n",
                      encoding="utf-8")
    module = tree(sample)
    assert "PySide6" in imported(module)
    assert _private_store_uses(sample) == ["sample.py:2: store._db"]
    assert SQL.search("SELECT 1 FROM x") and not SQL.search("Select text, then press C")


def _classes(paths: list[Path]) -> dict[str, tuple[Path, ast.ClassDef]]:
    return {node.name: (path, node) for path in paths for node in ast.walk(tree(path))
            if isinstance(node, ast.ClassDef)}


def _base_names(node: ast.ClassDef) -> list[str]:
    return [base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
            for base in node.bases]


def _own_names(node: ast.ClassDef) -> set[str]:
    """What a class assigns to ``self`` anywhere in its body, and what its body defines."""
    names = set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(item.name)
        elif isinstance(item, ast.Assign | ast.AnnAssign):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and isinstance(child.ctx, ast.Store) \
                and isinstance(child.value, ast.Name) and child.value.id == "self":
            names.add(child.attr)
    return names


def _private_reads(node: ast.ClassDef) -> dict[str, int]:
    return {child.attr: child.lineno for child in ast.walk(node)
            if isinstance(child, ast.Attribute) and isinstance(child.ctx, ast.Load)
            and isinstance(child.value, ast.Name) and child.value.id == "self"
            and child.attr.startswith("_") and not child.attr.startswith("__")}


def unassigned_private_reads(paths: list[Path]) -> list[str]:
    classes = _classes(paths)

    def known(name: str, seen: frozenset = frozenset()) -> set[str]:
        path, node = classes[name]
        names = _own_names(node)
        for base in _base_names(node):
            if base in classes and base not in seen:
                names |= known(base, seen | {name})
        return names

    return [f"{path.name}:{line}: {name} reads self.{attr}"
            for name, (path, node) in classes.items()
            for attr, line in _private_reads(node).items() if attr not in known(name)]


def mixed_classes(paths: list[Path], project: set[str]) -> list[str]:
    return [f"{path.name}: {name}({', '.join(_base_names(node))})"
            for name, (path, node) in _classes(paths).items()
            if sum(base in project for base in _base_names(node)) > 1]


def test_no_window_class_reads_a_private_attribute_it_never_assigns():
    assert unassigned_private_reads(modules("gui")) == []


def test_no_window_class_is_made_of_mixins():
    project = set(_classes(modules()))
    assert mixed_classes(modules("gui"), project) == []


def test_the_store_is_made_of_module_functions_not_mixins():
    """The store takes the functions of its modules (queries, checks, documents, …) as its
    methods; no class of the core is made of another of the project's classes mixed in."""
    project = set(_classes(modules()))
    core = modules("core")
    assert mixed_classes(core, project) == []
    # the store and its parts: none inherits another of the project's classes (errors aside)
    parts = [p for p in core if p.parent.name == "session" and p.name != "changes.py"]
    assert [f"{path.name}: {name}({', '.join(_base_names(node))})"
            for name, (path, node) in _classes(parts).items()
            if any(base in project and not base.endswith(("Error", "Exception"))
                   for base in _base_names(node))] == []


def test_the_window_checks_see_what_they_look_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "class Part:\n"
        "    def go(self):\n"
        "        return self._shared + self._own\n"
        "    def set(self):\n"
        "        self._own = 1\n"
        "class Other:\n"
        "    pass\n"
        "class Window(Part, Other, object):\n"
        "    def __init__(self):\n"
        "        self._shared = 2\n",
        encoding="utf-8")
    assert unassigned_private_reads([sample]) == ["sample.py:3: Part reads self._shared"]
    assert mixed_classes([sample], {"Part", "Other", "Window"}) == [
        "sample.py: Window(Part, Other, object)"]


def test_the_window_has_no_function_over_80_lines_and_no_module_over_800():
    found = []
    for path in modules("gui"):
        module = tree(path)
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > 800:
            found.append(f"{path.name}: {lines} lines")
        found += [f"{path.name}:{node.lineno}: {node.name} has {length} lines"
                  for node in ast.walk(module) if isinstance(node, ast.FunctionDef)
                  and (length := node.end_lineno - node.lineno + 1) > 80]
    assert found == []


# ---------------------------------------------------------------------------------- sizes

MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 800
SIZED = [*modules("core"), *modules("cli.py")]
# Files allowed over the limits while they are being split (empty: every file is within them).
LONG_FUNCTIONS_ALLOWED: set[Path] = set()
LONG_MODULES_ALLOWED: set[Path] = set()

def long_functions(path: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    return [
        f"{path.name}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > limit
    ]


def test_no_function_of_the_core_or_the_command_line_is_over_80_lines():
    found = [f for path in SIZED if path not in LONG_FUNCTIONS_ALLOWED
             for f in long_functions(path)]
    assert found == [], "split these into named steps"


def test_no_module_of_the_core_or_the_command_line_is_over_800_lines():
    found = [
        f"{path.relative_to(PACKAGE)} ({lines} lines)"
        for path in SIZED if path not in LONG_MODULES_ALLOWED
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert found == [], "split these into focused modules"


def test_the_size_checks_see_a_long_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def long():\n" + "    x = 1\n" * 80 + "\n\ndef short():\n    pass\n",
                      encoding="utf-8")
    assert long_functions(sample) == ["sample.py:1 long (81 lines)"]
    assert all(path.is_file() for path in LONG_FUNCTIONS_ALLOWED | LONG_MODULES_ALLOWED)
