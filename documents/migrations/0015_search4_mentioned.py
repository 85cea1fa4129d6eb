"""Search facets on PostgreSQL: for each paragraph and note that has mentions, the ids of the
actors and events they name, in two narrow tables (`documents_paragraph_mentioned`,
`documents_footnote_mentioned`: the passage's id, `actors` and `events` arrays, distinct and
sorted; not models), so that the facets' query counts a search's matches by actor and by
event with one lookup a match, instead of joining every match to all its mentions and
removing duplicates (most of the cost of a search with thousands of matches).

Tables of their own rather than columns on the passages: filling a column of every passage
after the importer's bulk insert of mentions rewrote each row (the passages tables doubled in
size, and every search that scans them slowed down).

Triggers keep them, whatever writes (the importer's bulk_create, QuerySet.update(), a raw SQL
fix): after any statement that inserts, changes or deletes mentions, the rows of the passages
those mentions belonged to or now belong to are computed again from documents_mention; a
TRUNCATE of the mentions (`manage.py flush`) empties them.

SQLite: nothing (its facets join the mentions, documents/search/facets.py).
"""

from django.db import migrations

PASSAGES = {"documents_paragraph": "paragraph_id", "documents_footnote": "footnote_id"}


def _insert(table: str, column: str, passages: str) -> str:
    """Compute the rows of the passages whose ids `passages` (SQL) gives, from their mentions."""
    return (
        f"INSERT INTO {table}_mentioned ({column}, actors, events) SELECT {column}, "
        "COALESCE(ARRAY_AGG(DISTINCT actor_id ORDER BY actor_id) "
        "FILTER (WHERE actor_id IS NOT NULL), '{}'), "
        "COALESCE(ARRAY_AGG(DISTINCT event_id ORDER BY event_id) "
        "FILTER (WHERE event_id IS NOT NULL), '{}') "
        f"FROM documents_mention WHERE {column} IN {passages} GROUP BY {column} "
        # (two transactions writing mentions of one passage: the later one's count stands)
        f"ON CONFLICT ({column}) DO UPDATE SET actors = EXCLUDED.actors, events = EXCLUDED.events;"
    )


def _refresh(touched: str) -> str:
    """Recompute the rows of the passages that the mentions of `touched` (the statement's
    transition tables) belong to."""
    statements = []
    for table, column in PASSAGES.items():
        passages = f"(SELECT {column} FROM ({touched}) t WHERE {column} IS NOT NULL)"
        statements += [
            f"DELETE FROM {table}_mentioned WHERE {column} IN {passages};",
            _insert(table, column, passages),
        ]
    return "\n    ".join(statements)


def _function() -> str:
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


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    for table, column in PASSAGES.items():
        run(
            f"CREATE TABLE {table}_mentioned ({column} bigint PRIMARY KEY, "
            "actors bigint[] NOT NULL, events bigint[] NOT NULL)"
        )
    run(_function(), params=None)
    # TRUNCATE (`manage.py flush`, the tests' resets) fires no DELETE trigger: empty them too.
    tables = ", ".join(f"{table}_mentioned" for table in PASSAGES)
    run(
        "CREATE FUNCTION documents_mention_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN TRUNCATE {tables}; RETURN NULL; END $$",
        params=None,
    )
    run(
        "CREATE TRIGGER documents_mention_truncated AFTER TRUNCATE ON documents_mention "
        "FOR EACH STATEMENT EXECUTE FUNCTION documents_mention_truncated()"
    )
    for table, column in PASSAGES.items():  # what the mentions already say
        everything = f"(SELECT {column} FROM documents_mention)"
        run(_insert(table, column, everything).rstrip(";"), params=None)
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
    run("DROP TRIGGER IF EXISTS documents_mention_truncated ON documents_mention")
    run("DROP FUNCTION IF EXISTS documents_mention_truncated()")
    for table in PASSAGES:
        run(f"DROP TABLE IF EXISTS {table}_mentioned")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0014_search_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
