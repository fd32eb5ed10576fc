"""The package's Snowflake and BigQuery SQL, run offline through dbt-snowflake
and dbt-bigquery: fakesnow and the crucible BigQuery emulator on loopback.

Each integration project (integration_tests/snowflake, /bigquery) shares the
DuckDB project's scenario seed, equality tests and expected CSVs. Batch 1 is
built, then batch 2 incrementally; `dbt build` must then pass every data test,
the equality test on events included. The Python models (sessions, users, pages) do
not run on either stand-in; test_submitted_models.py runs the code dbt
submits on Snowpark and PySpark.
"""

import csv
import datetime
import re

import pytest
from stand_ins import STAND_INS, STEP_TIMEOUT, running

from conftest import ROOT, dbt

pytestmark = [pytest.mark.slow, pytest.mark.warehouse]

# the synced rows in descending order: DuckDB's tests build both orders (copies of an
# event tied on updated_time and processed_time must not be decided by it)
OFFLINE_VARS = (
    "{integration_python_models: false, fullstory_unit_tests: false, scenario_row_order: desc, scenario_batch: %d}"
)


# the lower bound of the incremental run (batch 1's newest updated_time, 2026-11-03 09:05, less one day)
LOWER_BOUNDS = {
    "snowflake": "updated_time >= '2026-11-02 09:05:00.000000'::timestamp_ntz",
    "bigquery": "updated_time >= timestamp '2026-11-02 09:05:00.000000+00'",
}


@pytest.fixture(params=sorted(STAND_INS))
def warehouse(request, tmp_path):
    name = request.param
    with running(name, tmp_path / f"{name}-server.log") as env:
        yield name, ROOT / "integration_tests" / name, env


def test_incremental_build_equals_expected(warehouse):
    name, project, env = warehouse

    def run(*args, batch):
        return dbt(*args, "--vars", OFFLINE_VARS % batch, project=project, env=env, timeout=STEP_TIMEOUT)

    dbt("deps", project=project, env=env, timeout=STEP_TIMEOUT)
    run("seed", batch=1)
    run("run", "-s", "scenario_events_source", batch=1)
    run("run", "--exclude", "scenario_events_source", batch=1)

    run("run", "-s", "scenario_events_source", batch=2)
    result = run("build", "--exclude", "scenario_events_source", batch=2)
    assert "ERROR=0" in result.stdout
    assert "PASS=" in result.stdout and "events_equal_expected" in result.stdout  # the comparison ran
    # the definitions models, without a definitions source: empty, with their enforced contracts
    assert "unique_event_definitions_id" in result.stdout and "unique_element_definitions_id" in result.stdout
    # every synced event is in events, e603's 2100 updated_time is listed (and did not stop batch 2)
    assert re.search(r"PASS fullstory_missing_events", result.stdout), result.stdout[-3000:]
    assert re.search(r"WARN 1 fullstory_future_updated_times", result.stdout), result.stdout[-3000:]
    compiled_models = project / "target" / "compiled" / "dbt_fullstory" / "models"
    compiled = (compiled_models / "events.sql").read_text()
    assert LOWER_BOUNDS[name] in compiled, f"not an incremental run on {name}"
    staging = (compiled_models / "staging" / "stg_fullstory__events.sql").read_text()
    assert_reads_are_bounded_by_event_time(name, compiled, staging)


def earliest_reread_event_time():
    """min(event_time) of the scenario rows batch 2's run re-reads (rows from
    fullstory_min_event_time on whose updated_time, or processed_time when
    NULL, is at or after the lower bound; a row with neither is no event),
    from the seed CSV."""
    lower_bound = datetime.datetime(2026, 11, 2, 9, 5)
    with open(ROOT / "integration_tests" / "duckdb" / "seeds" / "scenario_events.csv", newline="") as f:
        rows = [row for row in csv.DictReader(f) if int(row["batch"]) <= 2]
    times = [
        datetime.datetime.fromisoformat(row["event_time"])
        for row in rows
        if row["event_time"] >= "2000-01-01"
        and (row["updated_time"] or row["processed_time"])
        and datetime.datetime.fromisoformat(row["updated_time"] or row["processed_time"]) >= lower_bound
    ]
    return min(times)


def assert_reads_are_bounded_by_event_time(name, events_sql, staging_sql):
    """The incremental run filters the source and {{ this }} on event_time, the
    partition column of FullStory's BigQuery table and of events, with a
    literal (no subquery), and, on BigQuery, staging passes event_time through
    uncast: only then does BigQuery prune partitions."""
    earliest = f"{earliest_reread_event_time():%Y-%m-%d %H:%M:%S}"
    literal = LOWER_BOUNDS[name].split(" >= ", 1)[1].replace("2026-11-02 09:05:00", earliest)
    candidate_rows = events_sql.split("candidate_rows as (", 1)[1].split("\n),", 1)[0]  # the CTE's closing line
    assert f"and event_time >= {literal}" in candidate_rows, candidate_rows
    assert "select" not in candidate_rows.split("where", 1)[1], "a subquery in the source filter"
    assert f"and stored_event.event_time >= {literal}" in events_sql, "the read of the stored events is not bounded"
    if name == "bigquery":
        assert re.search(r"^\s*event_time as event_time,$", staging_sql, re.M), "staging casts event_time"


def test_with_a_lateness_bound_the_snowflake_merge_matches_only_recent_stored_events(tmp_path):
    """fullstory_max_lateness set: events' merge (the strategy
    fullstory_bounded_events) matches the stored events from the earliest
    event_time written on, a literal, so that Snowflake prunes; batch 2 still
    equals the expected CSVs. The bound (3,650 days, the longest) leaves no scenario row
    out."""
    project = ROOT / "integration_tests" / "snowflake"
    variables = OFFLINE_VARS.replace("}", ", fullstory_max_lateness: 3650}")
    with running("snowflake", tmp_path / "fakesnow.log") as env:
        dbt("deps", project=project, env=env, timeout=STEP_TIMEOUT)
        dbt("seed", "--vars", variables % 1, project=project, env=env, timeout=STEP_TIMEOUT)
        for batch in (1, 2):  # batch 1 built, batch 2 merged; the expected CSVs are batch 2's
            dbt("run", "-s", "scenario_events_source", "--vars", variables % batch, project=project, env=env,
                timeout=STEP_TIMEOUT)  # fmt: skip
            command = "run" if batch == 1 else "build"
            result = dbt(command, "-s", "stg_fullstory__events", "events", "events_equal_expected", "--vars",
                         variables % batch, project=project, env=env, timeout=STEP_TIMEOUT, check=False)  # fmt: skip
            assert "ERROR=0" in result.stdout, result.stdout[-4000:]
        assert "events_equal_expected" in result.stdout, result.stdout[-4000:]
    merge = (project / "target" / "run" / "dbt_fullstory" / "models" / "events.sql").read_text()
    assert "merge into" in merge, merge
    # the earliest event_time batch 2 writes: of the re-read rows (or later), and rows were written (not 9999)
    bound = re.search(r"DBT_INTERNAL_DEST\.event_time >= '([^']+)'::timestamp_ntz", merge)
    assert bound, merge
    written_from = datetime.datetime.fromisoformat(bound.group(1))
    assert earliest_reread_event_time() <= written_from < datetime.datetime(9999, 1, 1), written_from


def test_an_ltz_source_is_converted_to_utc_explicitly(tmp_path):
    """A Snowflake source typed TIMESTAMP_LTZ (an account whose
    TIMESTAMP_TYPE_MAPPING is LTZ): staging converts it to UTC with
    convert_timezone before dropping the zone, and events equals the expected
    CSVs. On Snowflake a plain cast to NTZ keeps the wall clock of the
    session's TIMEZONE. fakesnow cannot hold a session in another zone (no
    ALTER SESSION SET TIMEZONE; its DuckDB is pinned to UTC, and it cannot
    return zoned times otherwise), so the shift itself is not reproduced here;
    the DuckDB test runs its counterpart on a machine in New York."""
    project = ROOT / "integration_tests" / "snowflake"
    variables = (
        "{integration_python_models: false, fullstory_unit_tests: false, scenario_batch: 2,"
        " scenario_times_with_time_zone: true}"
    )
    with running("snowflake", tmp_path / "fakesnow.log") as env:
        dbt("deps", project=project, env=env, timeout=STEP_TIMEOUT)
        for args in (("seed",), ("run", "-s", "scenario_events_source")):
            dbt(*args, "--vars", variables, project=project, env=env, timeout=STEP_TIMEOUT)
        result = dbt(
            "build",
            "-s",
            "stg_fullstory__events",
            "events",
            "events_equal_expected",
            "--vars",
            variables,
            project=project,
            env=env,
            timeout=STEP_TIMEOUT,
            check=False,
        )
    staging = project / "target" / "compiled" / "dbt_fullstory" / "models" / "staging" / "stg_fullstory__events.sql"
    assert "convert_timezone('UTC', event_time)::timestamp_ntz" in staging.read_text()
    assert "ERROR=0" in result.stdout and "events_equal_expected" in result.stdout, result.stdout[-4000:]


def test_the_exports_types_give_the_expected_events(warehouse):
    """The scenario's source typed as FullStory's Parquet export (ISO time
    strings, updated_time in epoch milliseconds), as a Snowflake or BigQuery
    external table over the bucket has it: with fullstory_source_format:
    export, staging converts them, and events equals the expected CSVs."""
    name, project, env = warehouse
    variables = (
        "{integration_python_models: false, fullstory_unit_tests: false, scenario_batch: 2,"
        " scenario_source_format: export, fullstory_source_format: export}"
    )
    dbt("deps", project=project, env=env, timeout=STEP_TIMEOUT)
    for args in (("seed",), ("run", "-s", "scenario_events_source")):
        dbt(*args, "--vars", variables, project=project, env=env, timeout=STEP_TIMEOUT)
    result = dbt(
        "build", "-s", "stg_fullstory__events", "events", "events_equal_expected", "--vars", variables,
        project=project, env=env, timeout=STEP_TIMEOUT, check=False,
    )  # fmt: skip
    staging = project / "target" / "compiled" / "dbt_fullstory" / "models" / "staging" / "stg_fullstory__events.sql"
    epoch_ms = {
        "snowflake": "to_timestamp_ntz(cast(updated_time as number(38, 0)), 3)",
        "bigquery": "timestamp_millis(",
    }
    assert epoch_ms[name] in staging.read_text()
    assert "ERROR=0" in result.stdout and "events_equal_expected" in result.stdout, result.stdout[-4000:]
