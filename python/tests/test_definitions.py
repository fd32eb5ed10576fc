"""The definitions models (event_definitions, page_definitions,
element_definitions): one row per id, from the export's configuration/
folder, from warehouse tables, or empty, always with the contract's columns
and types. The rows each model must keep are written here by hand.

On DuckDB: the export as generate_events.write_export writes it (a
definition modified twice, ties decided by updated_time and by name, an
unknown state, page and element files without four columns, element files
of two days with different columns) with one kind's folder removed; the
warehouse tables of integration_tests/duckdb/macros/scenario_definitions.sql
with one table missing; and no source at all. On fakesnow and the BigQuery
emulator: the warehouse tables (the empty path runs in every build of
test_warehouse_sql.py).
"""

import datetime
import json
import re
import shutil

import duckdb
import pytest
from stand_ins import STAND_INS, STEP_TIMEOUT, running

import generate_events
from conftest import dbt

pytestmark = pytest.mark.slow  # dbt builds of the definitions models, ~5 s each

KINDS = ("event", "page", "element")
SELECT = ["-s", "+event_definitions", "+page_definitions", "+element_definitions"]
COLUMNS = [
    ("id", "VARCHAR"),
    ("name", "VARCHAR"),
    ("description", "VARCHAR"),
    ("state", "VARCHAR"),
    ("created_time", "TIMESTAMP"),
    ("modified_time", "TIMESTAMP"),
    ("updated_time", "TIMESTAMP"),
    ("created_by", "VARCHAR"),
    ("modified_by", "VARCHAR"),
]


def t(text):
    return datetime.datetime.fromisoformat(text)


# python/generate_events.py's DEFINITIONS, as the models must keep them
EXPORT_EXPECTED = {
    "event": [
        # renamed on the second day: the later modified_time
        ("evd-1", "Added to cart (any button)", "Click on any Add to cart", "active",
         t("2026-10-01 09:00"), t("2026-10-02 08:00"), t("2026-10-02 08:05"), "ana@example.com", "cy@example.com"),
        # the same modified_time twice: the later updated_time, although its name is the lesser
        ("evd-2", "Checkout begun", None, "active",
         t("2026-10-01 10:00"), t("2026-10-01 10:00"), t("2026-10-02 07:00"), "ana@example.com", "ana@example.com"),
        # a state FullStory does not document, kept as it is
        ("evd-3", "Signup", "Old signup flow", "draft",
         t("2026-10-01 11:00"), t("2026-10-01 11:00"), t("2026-10-01 11:05"), "bo@example.com", "bo@example.com"),
        # equal times: the greater name
        ("evd-4", "Search B", None, "active",
         t("2026-10-01 12:00"), t("2026-10-01 12:00"), t("2026-10-01 12:05"), "bo@example.com", "bo@example.com"),
        ("evd-5", "Newsletter signup", "Footer form", "archived",
         t("2026-10-02 09:00"), t("2026-10-02 09:30"), t("2026-10-02 09:35"), "cy@example.com", "cy@example.com"),
    ],
    "page": [],  # its folder is removed: an org that defined no page yet
    "element": [  # no created_time, updated_time, created_by, modified_by; the first day's file has no description
        ("el-0", "Add to cart button", None, "active", None, t("2026-10-01 00:00"), None, None, None),
        ("el-1", "Checkout button", None, "active", None, t("2026-10-01 01:00"), None, None, None),
        ("el-2", "Search box", None, "active", None, t("2026-10-01 02:00"), None, None, None),
        ("el-3", "Menu", None, "active", None, t("2026-10-01 03:00"), None, None, None),
        ("el-4", "Footer link", None, "active", None, t("2026-10-01 04:00"), None, None, None),
        ("el-5", "Sign-in button", "Renamed", "archived", None, t("2026-10-02 09:00"), None, None, None),
        ("el-6", "Banner", None, "active", None, t("2026-10-01 06:00"), None, None, None),
    ],
}  # fmt: skip

# integration_tests/duckdb/macros/scenario_definitions.sql, as the models must keep them
WAREHOUSE_EXPECTED = {
    "event": [
        # the latest modified_time; a NULL modified_time with a later updated_time loses
        ("wd-1", "Clicked buy now", "renamed: the latest modified_time wins", "active",
         t("2026-09-01 08:00"), t("2026-09-03 12:00"), t("2026-09-03 12:10"), "ana", "bo"),
        ("wd-2", "Viewed plans", "same modified_time, later updated_time: wins", "active",
         t("2026-09-02 10:00"), t("2026-09-02 10:00"), t("2026-09-04 06:00"), "bo", "bo"),
        ("wd-3", "Search B", "aa: equal times, the greater name wins", "active",
         t("2026-09-02 11:00"), t("2026-09-02 11:00"), t("2026-09-02 11:05"), "cy", "cy"),
        ("wd-4", "Legacy", "a state FullStory does not document", "deprecated",
         t("2026-09-03 09:00"), t("2026-09-03 09:00"), t("2026-09-03 09:05"), "cy", "cy"),
    ],  # the row without an id is left out
    "page": [
        ("wp-1", "Homepage", "the later version", "active", None, t("2026-09-05 09:00"), None, None, None),
        ("wp-2", "Pricing", None, "archived", None, t("2026-09-02 09:00"), None, None, None),
    ],
    "element": [
        ("we-1", "Buy button", None, "active", None, t("2026-09-01 10:00"), None, None, None),
        ("we-2", "Plan card", "archived later", "archived", None, t("2026-09-06 10:00"), None, None, None),
    ],
}  # fmt: skip


def built(database):
    """{kind: (column names and types, rows ordered by id)} of the three models."""
    with duckdb.connect(str(database), read_only=True) as con:
        result = {}
        for kind in KINDS:
            columns = con.execute(
                "select column_name, data_type from information_schema.columns"
                " where table_schema = 'analytics' and table_name = ? order by ordinal_position",
                [f"{kind}_definitions"],
            ).fetchall()
            rows = con.execute(f"select * from analytics.{kind}_definitions order by id").fetchall()
            result[kind] = (columns, rows)
        return result


def build(project, database, variables=None):
    args = ["--vars", json.dumps(variables)] if variables else []
    result = dbt("build", *SELECT, *args, project=project, database=database)
    assert "ERROR=0" in result.stdout and "PASS=" in result.stdout, result.stdout[-3000:]
    for kind in KINDS:  # the keys' tests ran
        assert f"unique_{kind}_definitions_id" in result.stdout
    return result


def test_the_export_gives_one_row_per_id(integration_project, tmp_path):
    database, root = tmp_path / "export.duckdb", tmp_path / "fullstory_o-TEST-1"
    generate_events.generate(database, events=100, seed=3)
    generate_events.write_export(database, root)
    shutil.rmtree(root / "configuration" / "page-definitions")
    build(integration_project, database, {"fullstory_export_path": str(root)})
    for kind, (columns, rows) in built(database).items():
        assert columns == COLUMNS, kind
        assert rows == EXPORT_EXPECTED[kind], kind
    staging = integration_project / "target" / "compiled" / "dbt_fullstory" / "models" / "staging"
    compiled = (staging / "stg_fullstory__element_definitions.sql").read_text()
    assert f"read_parquet('{root}/configuration/element-definitions/ingested_time=*/*.parquet'" in compiled
    assert "cast(null as timestamp) as created_time" in compiled  # a missing column, never named in the SQL


def test_warehouse_tables_give_one_row_per_id(integration_project, tmp_path):
    database = tmp_path / "warehouse.duckdb"
    dbt(
        "run-operation", "create_scenario_definitions", "--args", "{schema: fullstory_configuration}",
        project=integration_project, database=database,
    )  # fmt: skip
    with duckdb.connect(str(database)) as con:  # a table FullStory did not write: page_definitions is empty
        con.execute("drop table fullstory_configuration.page_definitions")
    variables = {"fullstory_definitions": True, "fullstory_definitions_schema": "fullstory_configuration"}
    result = build(integration_project, database, variables)
    assert re.search(
        r"dbt_fullstory: page_definitions is built empty: the table \S+page_definitions\S* \(var fullstory_definitions:"
        r" true\) is not there",
        result.stdout,
    ), result.stdout[-3000:]
    expected = {**WAREHOUSE_EXPECTED, "page": []}
    for kind, (columns, rows) in built(database).items():
        assert columns == COLUMNS, kind
        assert rows == expected[kind], kind


def test_without_a_source_the_models_are_empty_with_their_columns(integration_project, tmp_path):
    database = tmp_path / "none.duckdb"
    build(integration_project, database)
    for kind, (columns, rows) in built(database).items():
        assert columns == COLUMNS, kind
        assert rows == [], kind


# ---------------------------------------------------------------- Snowflake and BigQuery stand-ins


def shown_rows(stdout):
    """The rows of `dbt show --output json`, times as naive datetimes."""
    rows = json.loads(stdout[stdout.index("{") : stdout.rindex("}") + 1])["show"]

    def value(v):
        if isinstance(v, str) and re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", v):
            # 2026-09-05 09:00:00.000 (Snowflake), 2026-09-05 09:00:00+00 (BigQuery)
            return datetime.datetime.fromisoformat(re.sub(r"(Z|\+00(:00)?)$", "", v))
        return v

    return [{k.lower(): value(v) for k, v in row.items()} for row in rows]


@pytest.mark.warehouse
@pytest.mark.parametrize("name", sorted(STAND_INS))
def test_warehouse_tables_on_the_stand_ins(name, tmp_path):
    from conftest import ROOT

    project = ROOT / "integration_tests" / name
    variables = json.dumps(
        {
            "integration_python_models": False,
            "fullstory_unit_tests": False,
            "fullstory_definitions": True,
            "fullstory_definitions_schema": "fullstory_configuration",
        }
    )
    # the times as text: fakesnow returns a NULL timestamp to the client as 1970-01-01 (the
    # value is NULL: `is null` holds there)
    columns = ", ".join(
        f"cast({c} as {{{{ dbt.type_string() }}}}) as {c}" if t == "TIMESTAMP" else c for c, t in COLUMNS
    )
    union = " union all ".join(
        f"select '{kind}' as kind, {columns} from {{{{ ref('dbt_fullstory', '{kind}_definitions') }}}}"
        for kind in KINDS
    )
    with running(name, tmp_path / f"{name}-server.log") as env:

        def run(*args):
            return dbt(*args, "--vars", variables, project=project, env=env, timeout=STEP_TIMEOUT)

        dbt("deps", project=project, env=env, timeout=STEP_TIMEOUT)
        run("run-operation", "create_scenario_definitions", "--args", "{schema: fullstory_configuration}")
        result = run("build", *SELECT)
        assert "ERROR=0" in result.stdout, result.stdout[-3000:]
        shown = run("show", "--inline", union, "--limit", "100", "--output", "json", "--log-format", "text")
    rows = shown_rows(shown.stdout)
    for kind in KINDS:
        got = sorted((tuple(row[c] for c, _ in COLUMNS) for row in rows if row["kind"] == kind), key=lambda r: r[0])
        assert got == WAREHOUSE_EXPECTED[kind], kind
