"""Run the sessions and users model() functions on Snowpark and PySpark locally.

dbt-snowflake and dbt-bigquery run Python models in the warehouse only, so the
tests call the models' own `model(dbt, session)` with a stand-in `dbt` object
and a local engine session: Snowpark's local testing mode and a local[2]
SparkSession. Inputs are the rows of the DuckDB-built `events` model, so every
engine starts from the same events.
"""

import importlib.util
import json

import duckdb
import submitted_runner

from conftest import ROOT, dbt
from generate_events import generate

MODELS_DIR = ROOT / "models"

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
# page_definitions columns the pages model reads
DEFINITION_COLUMNS = {"id": "string", "name": "string"}


def load_model(name):
    spec = importlib.util.spec_from_file_location(f"dbt_fullstory_model_{name}", MODELS_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class StandInDbt:
    """The parts of dbt's `dbt` object that the models use."""

    def __init__(self, refs, config, this=None):
        self._refs = refs
        self.config = self
        self._config = config
        self.this = this  # the stored model on an incremental run
        self.is_incremental = this is not None

    def ref(self, package, name):
        # the models name the package in every ref: a project's own `events` must not stand in
        assert package == "dbt_fullstory", package
        return self._refs[name]

    def get(self, key, default=None):  # dbt.config.get
        return self._config.get(key, default)


def model_config(project, model):
    """A package model's config as dbt rendered it in the project's last run
    (the vars the Python models get through `meta`)."""
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    return {"meta": manifest["nodes"][f"model.dbt_fullstory.{model}"]["config"]["meta"]}


def run_models(session, to_dataframe, events_rows, config, page_definitions=()):
    """sessions, users and pages on one engine; returns their DataFrames.

    As in dbt, users and pages read sessions as a stored table, not as the
    plan that built it: the sessions rows are collected and handed back to
    the engine. page_definitions: (id, name) rows of that model.
    """
    events = to_dataframe(events_rows)
    sessions = load_model("sessions").model(StandInDbt({"events": events}, config), None)
    stored = session.createDataFrame(sessions.collect(), schema=sessions.schema)
    users = load_model("users").model(StandInDbt({"sessions": stored}, config), None)
    definitions = to_dataframe(
        [dict(zip(DEFINITION_COLUMNS, row, strict=True)) for row in page_definitions], DEFINITION_COLUMNS
    )
    refs = {"events": events, "sessions": stored, "page_definitions": definitions}
    pages = load_model("pages").model(StandInDbt(refs, config), None)
    return {"sessions": stored, "users": users, "pages": pages}


def snowpark_session():
    import snowpark_shims  # noqa: F401  (patches the emulator on import)
    from snowflake.snowpark import Session

    return Session.builder.config("local_testing", True).create()


def snowpark_dataframe(session, rows, columns=EVENT_COLUMNS):
    data = [tuple(r[c] for c in columns) for r in rows]
    return session.create_dataframe(data, schema=submitted_runner.snowpark_schema(columns))


spark_session = submitted_runner.spark_session


def spark_dataframe(session, rows, columns=EVENT_COLUMNS):
    data = [tuple(r[c] for c in columns) for r in rows]
    return session.createDataFrame(data, schema=submitted_runner.spark_schema(columns))


# one spelling per value across engines (numpy, pandas, NaN, Decimal, datetimes)
normalized = submitted_runner.plain


def build_on_duckdb(project, database, generated_events=None, batch=None):
    """The DuckDB reference: the integration project built by dbt on the
    scenario, or on generated_events generated events. Returns the rows of
    events and {sessions, users, pages}; with batch, only the rows of events
    after the scenario's syncs up to that batch."""
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
    return events, models


def collected(dataframe):
    """Rows of a DuckDB relation, Snowpark or PySpark DataFrame as dicts with lower-case names."""
    if hasattr(dataframe, "fetchall"):  # DuckDB relation
        names = dataframe.columns
        return [{n.lower(): normalized(v) for n, v in zip(names, row, strict=True)} for row in dataframe.fetchall()]
    return [{k.lower(): normalized(v) for k, v in row.asDict().items()} for row in dataframe.collect()]


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
