"""Bad input the scenario seed cannot hold: a very large payload and deeply
nested or oddly typed JSON. Rows are kept, fields that cannot be read are NULL,
and the run does not fail."""

import json
import re

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


@pytest.mark.slow  # a dbt run
def test_string_times_with_an_offset_are_read_in_utc(integration_project, tmp_path):
    """Times as strings (a view of the user's, an external table): an offset
    is applied (06:00-04:00 was read as 06:00, not 10:00), and a time without
    one is UTC, on a machine in New York."""
    database = tmp_path / "strings.duckdb"
    spelled = {
        "offset": ("2026-10-20T06:00:00-04:00", "2026-10-20 10:00:00"),
        "offset without colon": ("2026-10-20 11:30:00.250+0530", "2026-10-20 06:00:00.25"),
        "hour offset": ("2026-10-20T06:00:00+01", "2026-10-20 05:00:00"),
        "z": ("2026-10-20T06:00:00.123456Z", "2026-10-20 06:00:00.123456"),
        "none": ("2026-10-20 06:00:00", "2026-10-20 06:00:00"),
    }
    with duckdb.connect(str(database)) as con:
        con.execute("create schema fullstory")
        con.execute(
            "create table fullstory.odd_events as select * from (values "
            + ", ".join(
                f"('{name}', '{text}', '{text}', '2026-10-21 00:00:00', 7, 70, 1, 'click', '{{}}', 'web', '{{}}')"
                for name, (text, _) in spelled.items()
            )
            + ") as t(event_id, event_time, processed_time, updated_time, device_id, session_id, view_id,"
            " event_type, event_properties, source_type, source_properties)"
        )
    dbt(
        "run", "-s", "stg_fullstory__events", "events", "--vars", SOURCE_VARS,
        project=integration_project, database=database, env={"TZ": "America/New_York"},
    )  # fmt: skip
    with duckdb.connect(str(database), read_only=True) as con:
        got = dict(con.execute("select event_id, cast(event_time as varchar) from analytics.events").fetchall())
    assert got == {name: utc for name, (_, utc) in spelled.items()}


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


EXPORT_ROW = (
    "select '{event_id}' as event_id, '2026-11-05T10:00:00.000000Z' as event_time,"
    " '2026-11-05T10:00:01.000000Z' as processed_time, {updated_time} as updated_time, 1::bigint as device_id,"
    " 2::bigint as session_id, {view_id} as view_id, 'click' as event_type, 'web' as source_type,"
    " {payload} as event_properties, '{{}}' as source_properties"
)


def export_file(path, event_id="e1", updated_time="cast(null as bigint)", view_id="3::bigint", payload="'{}'"):
    path.parent.mkdir(parents=True, exist_ok=True)
    row = EXPORT_ROW.format(event_id=event_id, updated_time=updated_time, view_id=view_id, payload=payload)
    with duckdb.connect() as con:
        con.execute(f"copy ({row}) to '{path}' (format parquet)")


@pytest.mark.slow  # five dbt runs of staging
def test_export_files_are_checked_as_the_read_takes_them(integration_project, tmp_path):
    """The file check takes the types the read uses: a first file with int32
    ids and a later one with an int64 beyond 32 bits are read together (it
    failed: DuckDB read every file with the first one's types); a payload typed
    as Parquet JSON, an updated_time typed as a Parquet TIMESTAMP and an empty
    file stop before the read, naming the file (they failed inside it, with
    DuckDB's cast errors and "No magic bytes")."""
    database, root = tmp_path / "export.duckdb", tmp_path / "fullstory_o-1"
    partition = root / "events" / "ingested_time=2026-11-05 11:00:00"

    def run():
        return dbt(
            "run", "-s", "stg_fullstory__events", "--vars", json.dumps({"fullstory_export_path": str(root)}),
            project=integration_project, database=database, check=False,
        )  # fmt: skip

    export_file(partition / "a.parquet", view_id="3::int")
    export_file(partition / "b.parquet", event_id="e2", view_id="9999999999::bigint")
    read = run()
    assert read.returncode == 0, read.stdout[-3000:]
    with duckdb.connect(str(database), read_only=True) as con:
        views = con.execute("select event_id, view_id from analytics.stg_fullstory__events order by 1").fetchall()
    assert views == [("e1", 3), ("e2", 9999999999)]

    json_payload = "column event_properties is BYTE_ARRAY (JSON), not a string"
    timestamp = "column updated_time is INT64 (TIMESTAMP_MICROS), not an int64 of epoch milliseconds"
    for change, shown in [({"payload": "'{}'::json"}, json_payload), ({"updated_time": "now()::timestamp"}, timestamp)]:
        export_file(partition / "b.parquet", event_id="e2", **change)
        stopped = run()
        assert stopped.returncode != 0, stopped.stdout[-3000:]
        assert f"{partition / 'b.parquet'}: {shown}" in stopped.stdout, stopped.stdout[-3000:]
    export_file(partition / "b.parquet", event_id="e2")
    (partition / "c.parquet").write_bytes(b"")
    empty = run()
    assert empty.returncode != 0, empty.stdout[-3000:]
    assert "too short to be Parquet files" in empty.stdout and f"{partition / 'c.parquet'} (0 bytes)" in empty.stdout


@pytest.mark.slow  # three dbt runs
def test_partitions_named_otherwise_are_read_or_named(integration_project, tmp_path):
    """A partition named in ISO 8601's basic form (ingested_time=20261106T110000Z)
    is read by the next incremental run (it was skipped for good); one whose
    name is not a date cannot be listed by date: fullstory_missing_events
    names it (it said "run dbt build again", which could not help). The
    reconciliation tests read every file, not the staging view that the
    incremental run left over its window: a row without an event_id in a
    partition before the window is still counted as dropped."""
    database, root = tmp_path / "export.duckdb", tmp_path / "fullstory_o-1"
    variables = ["--vars", json.dumps({"fullstory_export_path": str(root), "fullstory_incremental_interval": 1})]
    export_file(root / "events" / "ingested_time=2026-11-01 11:00:00" / "z.parquet", event_id="")
    export_file(root / "events" / "ingested_time=2026-11-05 11:00:00" / "a.parquet")
    run = ("run", "-s", "stg_fullstory__events", "events")
    dbt(*run, *variables, project=integration_project, database=database)
    later = "epoch_ms(timestamp '2026-11-06 11:00:00')"
    export_file(root / "events" / "ingested_time=20261106T110000Z" / "b.parquet", event_id="e2", updated_time=later)
    export_file(root / "events" / "ingested_time=latest" / "c.parquet", event_id="e3", updated_time=later)
    dbt(*run, *variables, project=integration_project, database=database)
    with duckdb.connect(str(database), read_only=True) as con:
        loaded = con.execute("select event_id from analytics.events order by 1").fetchall()
    assert loaded == [("e1",), ("e2",)]
    check = ("test", "-s", "fullstory_missing_events", "fullstory_dropped_source_rows", "--store-failures")
    warned = dbt(*check, *variables, project=integration_project, database=database)
    assert re.search(r"WARN 1 fullstory_missing_events", warned.stdout), warned.stdout[-3000:]
    assert re.search(r"WARN 1 fullstory_dropped_source_rows", warned.stdout), warned.stdout[-3000:]
    with duckdb.connect(str(database), read_only=True) as con:
        reasons = con.execute("select event_id, reason from analytics_dbt_test__audit.fullstory_missing_events")
        ((event_id, reason),) = reasons.fetchall()
    assert event_id == "e3" and reason.startswith("in partition ingested_time=latest, whose name is not a date"), reason
