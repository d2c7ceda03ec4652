"""The store is the only door to the database (#14): no module outside ``store/`` imports
SQLAlchemy, Alembic or a database driver.

Parsed from the source, so a lazy import inside a function or one under ``TYPE_CHECKING``
counts too: a part that names the engine's types is one step from writing SQL of its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "bastion"
DATABASE_PACKAGES = {"sqlalchemy", "alembic", "psycopg", "psycopg2", "sqlite3"}
ALLOWED = ("store/",)


def database_imports(source: str) -> list[str]:
    """The database packages a module's source imports, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in DATABASE_PACKAGES]
    return found


def test_the_scanner_sees_every_form_of_import() -> None:
    source = (
        "import sqlalchemy\n"
        "from sqlalchemy.exc import SQLAlchemyError\n"
        "if TYPE_CHECKING:\n    from sqlalchemy import Engine\n"
        "def f():\n    import alembic.command\n"
        "from bastion.store import Engine\n"
        "import json\n"
    )
    assert database_imports(source) == [
        "sqlalchemy",
        "sqlalchemy.exc",
        "sqlalchemy",
        "alembic.command",
    ]


def test_only_the_store_imports_a_database_library() -> None:
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith(ALLOWED):
            continue
        found = database_imports(path.read_text(encoding="utf-8"))
        if found:
            offenders[rel] = sorted(set(found))
    assert offenders == {}, (
        "these modules reach the database without the store; add a typed query to "
        f"bastion.store and call it instead: {offenders}"
    )
