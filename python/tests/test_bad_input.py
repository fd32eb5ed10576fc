"""Bad input the scenario seed cannot hold: a very large payload and deeply
nested or oddly typed JSON. Rows are kept, fields that cannot be read are NULL,
and the run does not fail."""

import json

import duckdb
import pytest

from conftest import dbt

SOURCE_VARS = "{fullstory_events_schema: fullstory, fullstory_events_table: odd_events}"
BIG = json.dumps({"user_id": "big-user", "padding": "x" * 8_000_000, "items": list(range(100_000))})
DEEP = '{"user_id": "deep-user", "a": ' + "[" * 500 + "]" * 500 + "}"
ROWS = [
    # event_id, payload, what the test expects of user_id
    ("big", BIG, "big-user"),
    ("deep", DEEP, "deep-user"),
    ("number", '{"user_id": 12345}', "12345"),
    ("object", '{"user_id": {"nested": true}}', '{"nested":true}'),
    ("null", '{"user_id": null}', None),
    ("truncated", BIG[:1000], None),
    ("empty-string", "", None),
]


def run_on_odd_events(project, database, check=True, source_format="table"):
    """dbt run of the package's models on fullstory.odd_events."""
    return dbt(
        "run",
        "--exclude",
        "scenario_events_source",
        "--vars",
        SOURCE_VARS[:-1] + f", fullstory_source_format: {source_format}}}",
        project=project,
        database=database,
        check=check,
    )


def test_odd_payloads_keep_their_rows(integration_project, tmp_path):
    database = tmp_path / "odd.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema fullstory")
        con.execute("""create table fullstory.odd_events (
            event_id varchar, event_time timestamp, processed_time timestamp, updated_time timestamp,
            device_id bigint, session_id bigint, view_id bigint, event_type varchar,
            event_properties varchar, source_type varchar, source_properties varchar)""")
        for i, (event_id, payload, _) in enumerate(ROWS):
            con.execute(
                "insert into fullstory.odd_events values (?, timestamp '2026-11-01 10:00:00' + to_seconds(?),"
                " timestamp '2026-11-01 10:10:00', timestamp '2026-11-01 10:15:00', 7, 70, 1, 'custom', ?,"
                " 'web', '{}')",
                [event_id, i, payload],
            )
    run_on_odd_events(integration_project, database)
    with duckdb.connect(str(database), read_only=True) as con:
        got = dict(con.execute("select event_id, user_id from analytics.events").fetchall())
        total = con.execute("select total_events from analytics.sessions where full_session_id = '7:70'").fetchone()
    assert got == {event_id: expected for event_id, _, expected in ROWS}
    assert total == (len(ROWS),)


COLUMNS = {
    "event_id": "varchar",
    "event_time": "timestamp",
    "processed_time": "timestamp",
    "updated_time": "timestamp",
    "device_id": "bigint",
    "session_id": "bigint",
    "view_id": "bigint",
    "event_type": "varchar",
    "event_properties": "varchar",
    "source_type": "varchar",
    "source_properties": "varchar",
}


EXPORT_COLUMNS = {"event_time": "varchar", "processed_time": "varchar", "updated_time": "bigint"}


SYNCED_AS = "as FullStory syncs it (fullstory_source_format: table)"
EXPORTED_AS = "as FullStory exports it (fullstory_source_format: export)"


@pytest.mark.slow  # seven dbt builds, ~30 s together
@pytest.mark.parametrize(
    "change,shown,source_format",
    [
        ({"updated_time": None}, "it has no column updated_time", "table"),
        ({"event_id": None, "source_properties": None}, "column event_id; it has no column source_properties", "table"),
        ({"event_time": "bigint"}, "its column event_time is BIGINT, not timestamp or string", "table"),
        ({"event_properties": "struct(a integer)"}, "its column event_properties is STRUCT(A INTEGER)", "table"),
        (None, "is not there", "table"),
        # the export's epoch milliseconds read as the warehouse table's, and the other way round
        (EXPORT_COLUMNS, f"updated_time is BIGINT, not timestamp or string {SYNCED_AS}", "table"),
        ({}, f"updated_time is TIMESTAMP, not integer {EXPORTED_AS}", "export"),
    ],
    ids=[
        "no updated_time",
        "two missing",
        "epoch event_time",
        "struct",
        "no table",
        "export as table",
        "table as export",
    ],
)
def test_a_source_the_package_cannot_read_stops_the_run_naming_table_and_column(
    integration_project, tmp_path, change, shown, source_format
):
    database = tmp_path / "odd.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema fullstory")
        if change is not None:
            columns = {**COLUMNS, **change}
            con.execute(
                "create table fullstory.odd_events ("
                + ", ".join(f"{name} {kind}" for name, kind in columns.items() if kind is not None)
                + ")"
            )
    result = run_on_odd_events(integration_project, database, check=False, source_format=source_format)
    assert result.returncode != 0
    output = result.stdout
    assert 'dbt_fullstory: the synced events table "odd"."fullstory"."odd_events"' in output, output[-3000:]
    assert shown in output, output[-3000:]


@pytest.mark.slow  # two dbt runs
def test_an_export_without_files_or_with_a_mistyped_file_stops_naming_it(integration_project, tmp_path):
    """fullstory_export_path: a root with no events/ files stops with the var
    and the path; a file whose event_time is an int64 (DuckDB would cast it
    into the first file's string and every time would be NULL) stops naming
    the file and the column."""
    database, root = tmp_path / "export.duckdb", tmp_path / "fullstory_o-1"

    def run():
        return dbt(
            "run", "-s", "stg_fullstory__events", "--vars", json.dumps({"fullstory_export_path": str(root)}),
            project=integration_project, database=database, check=False,
        )  # fmt: skip

    empty = run()
    assert empty.returncode != 0
    assert f"var 'fullstory_export_path' is \"{root}\", where no file matches" in empty.stdout, empty.stdout[-3000:]

    partition = root / "events" / "ingested_time=2026-11-05 11:00:00"
    partition.mkdir(parents=True)
    row = (
        "select 'e1' as event_id, {event_time} as event_time, '2026-11-05T10:00:00.000000Z' as processed_time,"
        " cast(null as bigint) as updated_time, 1::bigint as device_id, 2::bigint as session_id,"
        " 3::bigint as view_id, 'click' as event_type, 'web' as source_type, '{{}}' as event_properties,"
        " '{{}}' as source_properties"
    )
    with duckdb.connect() as con:
        good = row.format(event_time="'2026-11-05T10:00:00.000000Z'")
        con.execute(f"copy ({good}) to '{partition / 'a.parquet'}' (format parquet)")
        con.execute(f"copy ({row.format(event_time='1762336800000')}) to '{partition / 'b.parquet'}' (format parquet)")
    mistyped = run()
    assert mistyped.returncode != 0
    assert f"{partition / 'b.parquet'}: column event_time is INT64, not a string" in mistyped.stdout, mistyped.stdout[
        -3000:
    ]
    assert "a.parquet" not in mistyped.stdout.split("do not have the export's columns and types")[1]
