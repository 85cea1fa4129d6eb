"""Search facets on PostgreSQL: each paragraph and note keeps the ids of the actors and events
its mentions name (`mentioned_actors`, `mentioned_events`: arrays, distinct and sorted; not
model fields, like `search_vector`), so that the facets' query counts a search's matches by
actor and by event from the rows it has already read, instead of joining every match to its
mentions and removing duplicates (most of the cost of a search with thousands of matches).

Triggers keep them, whatever writes (the importer's bulk_create, QuerySet.update(), a raw SQL
fix): after any statement that inserts, changes or deletes mentions, the passages those
mentions belonged to or now belong to are computed again from documents_mention; a passage
inserted after its mentions (foreign keys are checked at commit) takes them at its insert.

SQLite: nothing (its facets join the mentions, documents/search/facets.py).
"""

from django.db import migrations

PASSAGES = {"documents_paragraph": "paragraph_id", "documents_footnote": "footnote_id"}
COLUMNS = {"mentioned_actors": "actor_id", "mentioned_events": "event_id"}


def _computed(column: str, target: str, row: str) -> str:
    return (
        f"ARRAY(SELECT DISTINCT m.{target} FROM documents_mention m "
        f"WHERE m.{column} = {row}.id AND m.{target} IS NOT NULL ORDER BY 1)"
    )


def _refresh(touched: str) -> str:
    """Recompute the arrays of the passages that the mentions of `touched` (the statement's
    transition tables) belong to."""
    statements = []
    for table, column in PASSAGES.items():
        values = ", ".join(
            f"{name} = {_computed(column, target, 'p')}" for name, target in COLUMNS.items()
        )
        statements.append(
            f"UPDATE {table} p SET {values} WHERE p.id IN "
            f"(SELECT {column} FROM ({touched}) t WHERE {column} IS NOT NULL);"
        )
    return "\n    ".join(statements)


def _mention_function() -> str:
    new, old = "SELECT * FROM new_rows", "SELECT * FROM old_rows"
    return f"""
CREATE FUNCTION documents_mention_mentioned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_refresh(new)}
  ELSIF TG_OP = 'DELETE' THEN
    {_refresh(old)}
  ELSE
    {_refresh(f"{new} UNION ALL {old}")}
  END IF;
  RETURN NULL;
END $$;
"""


def _passage_function(table: str, column: str) -> str:
    values = " ".join(
        f"NEW.{name} := {_computed(column, target, 'NEW')};" for name, target in COLUMNS.items()
    )
    return f"""
CREATE FUNCTION {table}_mentioned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {values}
  RETURN NEW;
END $$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    for table, column in PASSAGES.items():
        arrays = ", ".join(
            f"ADD COLUMN {name} bigint[] NOT NULL DEFAULT '{{}}'" for name in COLUMNS
        )
        run(f"ALTER TABLE {table} {arrays}", params=None)
        values = ", ".join(
            f"{name} = {_computed(column, target, table)}" for name, target in COLUMNS.items()
        )
        run(
            f"UPDATE {table} SET {values} WHERE id IN "
            f"(SELECT {column} FROM documents_mention WHERE {column} IS NOT NULL)"
        )
        run(_passage_function(table, column), params=None)
        run(
            f"CREATE TRIGGER {table}_mentioned BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_mentioned()"
        )
    run(_mention_function(), params=None)
    for event, tables in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        run(
            f"CREATE TRIGGER documents_mention_mentioned_{event.lower()} AFTER {event} "
            f"ON documents_mention REFERENCING {tables} "
            "FOR EACH STATEMENT EXECUTE FUNCTION documents_mention_mentioned()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    for event in ("insert", "update", "delete"):
        run(f"DROP TRIGGER IF EXISTS documents_mention_mentioned_{event} ON documents_mention")
    run("DROP FUNCTION IF EXISTS documents_mention_mentioned()")
    for table in PASSAGES:
        run(f"DROP TRIGGER IF EXISTS {table}_mentioned ON {table}")
        run(f"DROP FUNCTION IF EXISTS {table}_mentioned()")
        run(f"ALTER TABLE {table} " + ", ".join(f"DROP COLUMN {name}" for name in COLUMNS))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0014_search_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
