"""The shape of the code a newcomer relies on: dependencies between the apps point one way.

`citations` (where the notes point) may use `documents` (the texts); `documents` never imports
`citations`, not even inside a function or a migration, and neither app imports the project
package `korea_archive`, which assembles them (settings, URLs, the API). Read from the source
with `ast`, so a deferred import inside a function counts like any other."""

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
