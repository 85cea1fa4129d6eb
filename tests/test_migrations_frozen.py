"""Migrations carry frozen copies of what they run: an old migration never imports the apps'
live code (documents.search, documents.curation, citations.search_terms …), so changing that
code cannot change what a fresh `migrate` builds. Read from the source with `ast`, so an
import inside a function counts like any other."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("documents", "citations")
# Custom model fields are the one exception Django itself makes: a migration names a field by
# its class's import path, so the module that defines it must stay importable (and keep the
# class) for as long as any migration refers to it.
FIELD_MODULES = {"documents.curation.json_fields", "citations.models"}  # CSL names, https URL
MIGRATIONS = sorted(path for app in APPS for path in (ROOT / app / "migrations").glob("*.py"))


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(node.args[0].value)
    return found


@pytest.mark.parametrize(
    "path", MIGRATIONS, ids=lambda path: f"{path.parent.parent.name}/{path.name}"
)
def test_a_migration_imports_no_live_app_code(path):
    live = {
        name
        for name in imports(path)
        if name.split(".")[0] in APPS
        and ".migrations" not in f".{name.partition('.')[2]}"
        and name not in FIELD_MODULES
    }
    assert not live, f"{path.name} imports live app code {sorted(live)}: copy it beside it"
