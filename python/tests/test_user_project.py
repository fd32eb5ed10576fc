"""The package as a user's own dbt project uses it, checked against benchmark/floor.sql.

A fresh project installs dbt_fullstory through packages.yml (local path),
points the vars at a generated events table (DuckDB JSON columns, another
schema and table name, renamed sessions/users relations, staging made
ephemeral), has models of its own named events, sessions and users (common
names: the package's refs must not reach them), runs
`dbt deps && dbt seed && dbt build` on the rows synced so far, then again
after the rest arrive, and every column of every row must equal the floor:
the four tables computed by hand-written DuckDB SQL from the contract, with
no dbt and no Python models, on the final table (the benchmark's yardstick). The same again with the rows
written as FullStory's Parquet export (fullstory_export_path), read in place.
"""

import json
import textwrap

import duckdb
import pytest

from benchmark import floor_script
from conftest import ROOT, dbt
from generate_events import generate, write_export

pytestmark = pytest.mark.slow  # a user project built twice

EVENT_TYPES = [
    line.strip()[2:] for line in (ROOT / "dbt_project.yml").read_text().splitlines() if line.startswith("      - ")
]
ORG_ID = "o-ACME-na1"
ZONE = "Europe/Berlin"  # its daylight saving ends on 2026-10-25, inside the generated days
CONVERSIONS = [
    {"name": "Orders", "event_name": "Order Completed"},
    {"name": "defined_orders", "event_definition_id": "ev-order"},
    {"name": "identified", "event_type": "identify"},
]
# the export's page definitions (generate_events.DEFINITIONS), latest version of each
EXPORT_PAGE_NAMES = {"pg-": "Home", "pg-products": "Product detail", "pg-cart": "Cart"}


def write_project(path):
    (path / "dbt_project.yml").write_text(
        textwrap.dedent(f"""\
        name: acme_analytics
        version: "1.0.0"
        config-version: 2
        profile: acme
        vars:
          fullstory_events_schema: fullstory_raw
          fullstory_events_table: fs_events
          fullstory_org_id: {ORG_ID}
          fullstory_sessions_model_name: fs_sessions
          fullstory_users_model_name: fs_users
          fullstory_pages_model_name: fs_pages
          fullstory_timezone: {ZONE}
          fullstory_conversions: {json.dumps(CONVERSIONS)}
          fullstory_duckdb_memory_limit: 1GB
        models:
          acme_analytics:
            product:
              +schema: product
          dbt_fullstory:
            staging:
              # a user's override: events then cannot query staging on its own
              +materialized: ephemeral
        """)
    )
    # The user's own models with the package's model names, in a schema of their
    # own. Their columns match the package's, their rows do not: a package ref
    # that resolved to one of them would build from the wrong data.
    own = path / "models" / "product"
    own.mkdir(parents=True)
    (own / "events.sql").write_text("select * from {{ ref('dbt_fullstory', 'events') }} where event_type = 'click'\n")
    (own / "sessions.sql").write_text("select * from {{ ref('dbt_fullstory', 'sessions') }} where is_identified\n")
    (own / "users.sql").write_text("select * from {{ ref('dbt_fullstory', 'users') }} where is_identified\n")
    (path / "packages.yml").write_text(f"packages:\n  - local: {ROOT}\n")
    (path / "profiles.yml").write_text(
        textwrap.dedent("""\
        acme:
          target: dev
          outputs:
            dev:
              type: duckdb
              path: "{{ env_var('DBT_FULLSTORY_DUCKDB_PATH') }}"
              schema: analytics
              threads: 2
        """)
    )


def rows(con, sql):
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


@pytest.fixture(scope="session", params=["table", "export"])
def built(tmp_path_factory, request):
    project = tmp_path_factory.mktemp("acme")
    database, root = project / "warehouse.duckdb", project / "bucket" / f"fullstory_{ORG_ID}"
    write_project(project)
    source = ["--vars", json.dumps({"fullstory_export_path": str(root)})] if request.param == "export" else []
    generate(database, events=6000, seed=7, json_type="json", schema="fullstory_raw", table="fs_events_all")
    with duckdb.connect(str(database)) as con:
        cutoff = con.execute(
            "select quantile_disc(coalesce(updated_time, processed_time), 0.7) from fullstory_raw.fs_events_all"
        ).fetchone()[0]
        con.execute(
            "create table fullstory_raw.fs_events as select * from fullstory_raw.fs_events_all"
            " where coalesce(updated_time, processed_time) <= ?",
            [cutoff],
        )
    if source:
        write_export(database, root, "fullstory_raw", "fs_events")
    dbt("deps", project=project, database=database)
    dbt("seed", *source, project=project, database=database)
    dbt("build", *source, project=project, database=database)
    with duckdb.connect(str(database)) as con:  # the rest of the rows arrive
        con.execute(
            "insert into fullstory_raw.fs_events select * from fullstory_raw.fs_events_all"
            " where coalesce(updated_time, processed_time) > ?",
            [cutoff],
        )
    if source:
        write_export(database, root, "fullstory_raw", "fs_events")
    second = dbt("build", *source, project=project, database=database)
    assert "incremental model analytics.events" in second.stdout
    if source:  # the second run read the recent day partitions of the export, not every file
        compiled = (project / "target" / "compiled" / "dbt_fullstory" / "models" / "events.sql").read_text()
        assert "/events/ingested_time=2026-" in compiled and "/events/ingested_time=*/" not in compiled
    # the user's var reached the package's pre-hook (a hook renders with the user's vars at run time)
    assert "set memory_limit = '1GB'" in (project / "logs" / "dbt.log").read_text()
    assert "model analytics_product.events" in second.stdout  # the user's own models were built too
    # dbt runs the package's YAML data tests on the user's same-named models: the package says so
    assert "dbt_fullstory: your project's model.acme_analytics.events, model.acme_analytics.sessions," in second.stdout
    page_names = EXPORT_PAGE_NAMES if source else {}  # a warehouse source without fullstory_definitions: none
    floor = floor_script(ORG_ID, "fullstory_raw.fs_events", CONVERSIONS, page_names, timezone=ZONE)
    models = {"events": "events", "fs_sessions": "sessions", "fs_users": "users", "fs_pages": "pages"}
    keys = {"events": "event_id", "fs_sessions": "full_session_id", "fs_users": "user_id", "fs_pages": "full_view_id"}
    with duckdb.connect(str(database)) as con:
        for statement in floor.split(";\n"):
            if statement.strip():
                con.execute(statement)
        actual = {m: rows(con, f"select * from analytics.{m}") for m in models}
        expected = {m: {r[keys[m]]: r for r in rows(con, f"select * from floor.{t}")} for m, t in models.items()}
    return actual, expected


def differences(actual_rows, expected_by_key, key):
    problems = []
    actual_by_key = {r[key]: r for r in actual_rows}
    assert len(actual_by_key) == len(actual_rows), f"duplicate {key}"
    if set(actual_by_key) != set(expected_by_key):
        problems.append(
            f"keys differ: missing {sorted(set(expected_by_key) - set(actual_by_key))[:5]},"
            f" unexpected {sorted(set(actual_by_key) - set(expected_by_key))[:5]}"
        )
    some = next(iter(actual_by_key.values()), {})
    if set(some) != set(next(iter(expected_by_key.values()), some)):
        problems.append(f"columns differ: {sorted(set(some) ^ set(next(iter(expected_by_key.values()))))}")
    for k in sorted(set(actual_by_key) & set(expected_by_key)):
        for column, want in expected_by_key[k].items():
            assert column in actual_by_key[k], f"column {column} is missing"
            got = actual_by_key[k][column]
            if column in ("event_properties", "source_properties"):  # the same JSON, spelled either way
                got, want = (None if v is None else json.loads(v) for v in (got, want))
            if got != want:
                problems.append(f"{key}={k} {column}: model {got!r}, floor {want!r}")
    return problems


@pytest.mark.parametrize(
    "model,key",
    [("events", "event_id"), ("fs_sessions", "full_session_id"), ("fs_users", "user_id"), ("fs_pages", "full_view_id")],
)
def test_model_equals_independent_computation(built, model, key):
    actual, expected = built
    assert len(expected[model]) > 100
    problems = differences(actual[model], expected[model], key)
    assert not problems, "\n".join(problems[:20])


def test_the_data_has_what_the_rules_are_about(built):
    _, expected = built
    sessions = expected["fs_sessions"].values()
    assert any(s["identified_user_id"] is None and not s["user_id"].startswith("anon_") for s in sessions)
    assert any(s["user_id"].startswith("anon_") for s in sessions)
    assert any(s["total_mobile_app_events"] for s in sessions)
    assert any(u["total_devices"] > 1 for u in expected["fs_users"].values())
    assert any(e["session_id"] is None for e in expected["events"].values())
    assert any((s["end_time"] - s["start_time"]).microseconds for s in sessions)  # ms timestamps
    assert any(s["is_frustrated"] for s in sessions) and any(s["total_orders_conversions"] for s in sessions)
    assert any(s["start_date"] != s["start_time"].date() for s in sessions)  # the zone moved a date
    pages = expected["fs_pages"].values()
    assert any(p["view_number"] > 1 for p in pages) and any(p["total_rage_clicks"] for p in pages)
