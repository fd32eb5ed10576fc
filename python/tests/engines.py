"""The DuckDB reference the other engines are compared with, and their local sessions.

dbt-snowflake and dbt-bigquery run Python models in the warehouse only: the
tests run the code they submit (submitted_runner.py) on Snowpark's local
testing mode and a local[2] SparkSession, on the rows of the DuckDB-built
`events` model, so every engine starts from the same events, and compare the
rows with DuckDB's tables.
"""

import duckdb
import submitted_runner

from conftest import dbt
from generate_events import generate

# events columns the Python models read, with their logical types
EVENT_COLUMNS = {
    "event_id": "string",
    "event_time": "timestamp",
    "updated_time": "timestamp",
    "device_id": "long",
    "session_id": "long",
    "full_session_id": "string",
    "event_type": "string",
    "source_type": "string",
    "user_id": "string",
    "user_email": "string",
    "user_display_name": "string",
    "view_id": "long",
    "url_full_url": "string",
    "url_host": "string",
    "url_path": "string",
    "initial_referrer_full_url": "string",
    "device_user_agent": "string",
    "device_type": "string",
    "device_operating_system": "string",
    "device_browser": "string",
    "device_browser_version": "string",
    "geo_country": "string",
    "geo_region": "string",
    "geo_city": "string",
    "geo_lat_long": "string",
    "event_name": "string",
    "event_definition_id": "string",
    "page_definition_id": "string",
    "fs_rage_count": "long",
    "fs_dead_count": "long",
    "fs_error_kind": "string",
}


def snowpark_session():
    import snowpark_shims  # noqa: F401  (patches the emulator on import)
    from snowflake.snowpark import Session

    return Session.builder.config("local_testing", True).create()


# one spelling per value across engines (numpy, pandas, NaN, Decimal, datetimes)
normalized = submitted_runner.plain


def build_on_duckdb(project, database, generated_events=None, batch=None):
    """The DuckDB reference: the integration project built by dbt on the
    scenario, or on generated_events generated events. Returns {events,
    models: {sessions, users, pages}, settings (the rows of fullstory_settings),
    codes: {sessions, users, pages} as dbt-duckdb ran them}; with batch, only the
    rows of events after the scenario's syncs up to that batch."""
    dbt("seed", project=project, database=database)
    if generated_events:
        generate(database, events=generated_events, seed=5, schema="fullstory", table="generated_events")
        dbt(
            "run",
            "--exclude",
            "scenario_events_source",
            "--vars",
            "{fullstory_events_schema: fullstory, fullstory_events_table: generated_events}",
            project=project,
            database=database,
        )
    elif batch is not None:
        synced = ["--vars", f"{{scenario_batch: {batch}}}"]
        dbt("run", "-s", "scenario_events_source", *synced, project=project, database=database)
        dbt("run", "-s", "stg_fullstory__events", "events", *synced, project=project, database=database)
        with duckdb.connect(str(database), read_only=True) as con:
            return collected(con.sql("select * from analytics.events"))
    else:
        dbt("run", "-s", "scenario_events_source", project=project, database=database)
        dbt("run", "--exclude", "scenario_events_source", project=project, database=database)
    with duckdb.connect(str(database), read_only=True) as con:
        events = collected(con.sql("select * from analytics.events"))
        models = {m: collected(con.sql(f"select * from analytics.{m}")) for m in ("sessions", "users", "pages")}
        settings = collected(con.sql("select * from analytics.fullstory_settings"))
    ran = project / "target" / "run" / "dbt_fullstory" / "models"
    codes = {m: (ran / f"{m}.py").read_text() for m in ("sessions", "users", "pages")}
    return {"events": events, "models": models, "settings": settings, "codes": codes}


def collected(relation):
    """Rows of a DuckDB relation as dicts with lower-case names."""
    names = relation.columns
    return [{n.lower(): normalized(v) for n, v in zip(names, row, strict=True)} for row in relation.fetchall()]


def compare(reference_rows, other_rows, key):
    """Columns whose values differ (or are missing) between two row sets, by key."""
    ref = {r[key]: r for r in reference_rows}
    other = {r[key]: r for r in other_rows}
    if set(ref) != set(other) or len(other) != len(other_rows) or len(ref) != len(reference_rows):
        return ["(rows)"]  # other keys, or a key twice
    differing = set()
    for k, row in ref.items():
        for column, value in row.items():
            if column not in other[k] or other[k][column] != value:
                differing.add(column)
    return sorted(differing)
