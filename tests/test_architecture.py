"""The shape of the code a newcomer relies on: dependencies between the apps point one way.

`citations` (where the notes point) may use `documents` (the texts); `documents` never imports
`citations`, not even inside a function or a migration, and neither app imports the project
package `korea_archive`, which assembles them (settings, URLs, the API). Read from the source
with `ast`, so a deferred import inside a function counts like any other.

And the sizes that keep it readable: no module over 400 lines, no function over 60, save the
few listed below with their reason."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "documents": {"citations", "korea_archive"},
    "citations": {"korea_archive"},
}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """(top-level package, line) of every absolute import in the file, at any depth."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update((alias.name.split(".")[0], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.module.split(".")[0], node.lineno))
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_imports_only_what_it_may(app):
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for package, line in sorted(imported_packages(path))
        if package in FORBIDDEN[app]
    ]
    assert offending == []


def test_the_check_sees_a_forbidden_import(tmp_path):
    """The reader of imports finds one hidden in a function, as a cycle would be hidden."""
    module = tmp_path / "module.py"
    module.write_text("def later():\n    from citations.models import Citation\n")
    assert ("citations", 2) in imported_packages(module)


# A house a newcomer reads in an hour: one module per idea, no module over ~400 lines and no
# function over ~60, unless a reason is written down here.
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
LONG_MODULES: dict[str, str] = {}  # "path": why it stays whole
LONG_FUNCTIONS = {  # "path:function": why it stays whole
    "documents/markup.py:events": "one sweep over the cuts; its nested helper shares the sweep's state",
    "documents/register/timeline.py:build_strips": "the overview and the detail strip are decided together",
    "documents/admin/documents.py:import_view": "the import's form, preview and confirmation, in order; the work is in admin/importing.py",
    "documents/curation/locking.py:_merge_for_review": "one pass over the form's fields; its branches are the three cases its docstring names",
}
MEASURED = ("documents", "citations", "korea_archive")


def code_modules():
    for app in MEASURED:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:  # generated, and frozen once written
                yield path


def long_functions(path: Path) -> list[tuple[str, int]]:
    """(name, lines) of the functions and methods over MAX_FUNCTION_LINES, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_module_is_longer_than_an_idea():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in code_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert {path: lines for path, lines in long.items() if path not in LONG_MODULES} == {}
    assert set(LONG_MODULES) <= set(long), "a module on the list is short now: take it off"


def test_no_function_is_longer_than_a_screen_without_a_reason():
    long = {
        f"{path.relative_to(ROOT)}:{name}": lines
        for path in code_modules()
        for name, lines in long_functions(path)
    }
    assert {name: lines for name, lines in long.items() if name not in LONG_FUNCTIONS} == {}
    assert set(LONG_FUNCTIONS) <= set(long), "a function on the list is short now: take it off"


def test_the_check_sees_a_long_method(tmp_path):
    module = tmp_path / "module.py"
    body = "".join(f"        x = {n}\n" for n in range(MAX_FUNCTION_LINES))
    module.write_text(
        f"class A:\n    def long(self):\n{body}\n    def short(self):\n        pass\n"
    )
    assert long_functions(module) == [("long", MAX_FUNCTION_LINES + 1)]
