"""The sessions, users and pages models, run as dbt-snowflake and dbt-bigquery submit
them, equal DuckDB's tables: on Snowpark (local testing mode), on Spark 4,
and on Spark 3.3 under Python 3.10, which is what dbt-bigquery's default
Dataproc Serverless runtime (1.1) runs.

dbt runs each model against a stand-in warehouse (fakesnow, the BigQuery
emulator) and capture_submissions.py keeps the code it would submit: the
model, dbt's dbtObj and the adapter's materialization. submitted_runner.py
runs that code unchanged; only table reads and writes are stood in for.
Both a first build and an incremental build (the sessions stored, then the
incremental code on more events, merged on full_session_id; pages the same
way, on full_view_id; users on user_id, the users no session holds then
deleted as the post-hook does) are covered.
"""

import datetime
import json
import os
import pathlib
import subprocess
import sys

import pytest
import submitted_runner
from stand_ins import STEP_TIMEOUT, running

import engines
from conftest import ROOT, dbt

pytestmark = [pytest.mark.slow, pytest.mark.warehouse]

SPARK33_VENV = pathlib.Path(os.environ.get("DBT_FULLSTORY_SPARK33_VENV", ROOT / ".venv-spark33"))
# as the cross-engine test: a zero lookback, so that an incremental run
# rebuilds only the devices with events at or after the newest stored one
CAPTURE_VARS = "{fullstory_unit_tests: false, fullstory_incremental_interval: 0}"
CUTOFF = datetime.datetime(2026, 11, 5)  # between the scenario's first syncs and its late ones
# the scenario's row synced with an updated_time in 2100 is stored before the incremental run:
# the run must not take the newest stored updated_time from it (no device would be rebuilt)
FUTURE = datetime.datetime(2099, 1, 1)
KEYS = {"sessions": "full_session_id", "users": "user_id", "pages": "full_view_id"}


def capture(project, env, out_dir, *args):
    result = subprocess.run(
        [sys.executable, str(ROOT / "python" / "tests" / "capture_submissions.py"), str(out_dir), *args]
        + ["--vars", CAPTURE_VARS, "--project-dir", str(project), "--profiles-dir", str(project)],
        cwd=project,
        env=dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", **env),
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
    )
    if "the submission was captured" not in result.stdout:
        output = f"{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
        raise AssertionError(f"dbt {' '.join(args)} submitted nothing:\n{output}")


def submitted_codes(name, tmp_path_factory):
    """{sessions, users, pages, and each one's _incremental}: what dbt submits on the warehouse `name`."""
    out = tmp_path_factory.mktemp(f"submitted-{name}")
    project = ROOT / "integration_tests" / name
    with running(name, out / "server.log") as env:

        def stand_in(model):  # the package checks that a model's inputs are built
            args = ["run-operation", "stand_in_stored_model", "--args", f"{{name: {model}}}"]
            dbt(*args, project=project, env=env, timeout=STEP_TIMEOUT)

        dbt("deps", project=project, env=env, timeout=STEP_TIMEOUT)
        stand_in("events")
        capture(project, env, out / "build", "run", "-s", "sessions")
        stand_in("sessions")
        # the real (empty) model: pages' pre-hook reads its ids and names
        dbt("run", "-s", "+page_definitions", "--vars", CAPTURE_VARS, project=project, env=env, timeout=STEP_TIMEOUT)
        capture(project, env, out / "build", "run", "-s", "users")
        capture(project, env, out / "build", "run", "-s", "pages")
        capture(project, env, out / "incremental", "run", "-s", "sessions")
        stand_in("pages")
        capture(project, env, out / "incremental", "run", "-s", "pages")
        stand_in("users")
        capture(project, env, out / "incremental", "run", "-s", "users")
    codes = {m: (out / "build" / f"{m}.py").read_text() for m in ("sessions", "users", "pages")}
    for model in ("sessions", "pages", "users"):
        codes[f"{model}_incremental"] = (out / "incremental" / f"{model}.py").read_text()
    return codes


@pytest.fixture(scope="session")
def snowflake_codes(tmp_path_factory):
    return submitted_codes("snowflake", tmp_path_factory)


@pytest.fixture(scope="session")
def bigquery_codes(tmp_path_factory):
    return submitted_codes("bigquery", tmp_path_factory)


@pytest.fixture(scope="session")
def duckdb_scenario(integration_project, tmp_path_factory):
    """DuckDB's events and models on the whole scenario, and its events after the
    scenario's first syncs (batch 1): the events model as the incremental run finds
    it stored, with the old places of the events that batch 2's copies move."""
    events, models = engines.build_on_duckdb(integration_project, tmp_path_factory.mktemp("duckdb") / "x.duckdb")
    first_syncs = engines.build_on_duckdb(integration_project, tmp_path_factory.mktemp("duckdb") / "b1.duckdb", batch=1)
    return events, models, first_syncs


def job_for(codes, events, first_syncs):
    columns = engines.EVENT_COLUMNS
    rows = [{c: submitted_runner.jsonable(e[c]) for c in columns} for e in events]
    earlier = [{c: submitted_runner.jsonable(e[c]) for c in columns} for e in first_syncs]
    assert all(e["updated_time"] < CUTOFF or e["updated_time"] >= FUTURE for e in first_syncs)
    return {"codes": codes, "event_columns": columns, "events": rows, "earlier_events": earlier}


def assert_equals_duckdb(result, events, duckdb_models, label, report):
    """Every table the runs made equals DuckDB's full build."""
    expected = {
        model: [{k: submitted_runner.jsonable(v) for k, v in r.items()} for r in rows]
        for model, rows in duckdb_models.items()
    }
    since = max(e["updated_time"] for e in events if e["updated_time"] < CUTOFF and e["full_session_id"])
    changed_devices = {e["device_id"] for e in events if e["updated_time"] >= since and e["full_session_id"]}
    checks = {
        "sessions": engines.compare(expected["sessions"], result["sessions"], KEYS["sessions"]),
        "users": engines.compare(expected["users"], result["users"], KEYS["users"]),
        "incremental sessions": engines.compare(expected["sessions"], result["incremental_merged"], KEYS["sessions"]),
        "pages": engines.compare(expected["pages"], result["pages"], KEYS["pages"]),
        "incremental pages": engines.compare(expected["pages"], result["incremental_pages_merged"], KEYS["pages"]),
        "incremental users": engines.compare(expected["users"], result["incremental_users_merged"], KEYS["users"]),
    }
    built_devices = {r["device_id"] for r in result["incremental_built"]}
    verdicts = [f"{m} {'identical' if not d else 'differ: ' + ','.join(d)}" for m, d in checks.items()]
    lines = [f"{label}: " + ", ".join(verdicts)]
    rebuilt = len(result["incremental_built"])
    lines.append(f"  the incremental run rebuilt {rebuilt} of {len(expected['sessions'])} sessions")
    users_built = result["incremental_users_built"]
    lines.append(f"  and {len(users_built)} of {len(expected['users'])} users")
    report(lines)
    assert 0 < len(result["incremental_built"]) < len(expected["sessions"]), "the run rebuilds some sessions, not all"
    assert 0 < len(users_built) < len(expected["users"]), "the run rebuilds some users, not all"
    assert built_devices == changed_devices
    assert {r["device_id"] for r in result["incremental_pages_built"]} <= changed_devices
    # batch 2's copies move every event of 801:9302 and of page view 801:9301:62 away: written emptied
    emptied = [r["full_session_id"] for r in result["incremental_built"] if r["total_events"] == 0]
    emptied_views = [r["full_view_id"] for r in result["incremental_pages_built"] if r["total_events"] == 0]
    assert emptied == ["801:9302"] and sorted(emptied_views) == ["801:9301:62", "801:9302:70"], (emptied, emptied_views)
    assert all(not d for d in checks.values()), "\n".join(lines)


def test_snowflake_submission_on_snowpark(snowflake_codes, duckdb_scenario, report):
    events, duckdb_models, first_syncs = duckdb_scenario
    tables = submitted_runner.SnowparkTables(engines.snowpark_session())
    result = submitted_runner.run_job(tables, job_for(snowflake_codes, events, first_syncs))
    assert_equals_duckdb(
        result, events, duckdb_models, "dbt-snowflake's submission on Snowpark (local testing)", report
    )


@pytest.mark.spark
def test_bigquery_submission_on_spark_4(bigquery_codes, duckdb_scenario, report):
    import pyspark

    events, duckdb_models, first_syncs = duckdb_scenario
    spark = submitted_runner.spark_session()
    result = submitted_runner.run_job(submitted_runner.SparkTables(spark), job_for(bigquery_codes, events, first_syncs))
    assert_equals_duckdb(
        result, events, duckdb_models, f"dbt-bigquery's submission on Spark {pyspark.__version__}", report
    )


@pytest.mark.spark
def test_bigquery_submission_on_spark_3_3(bigquery_codes, duckdb_scenario, tmp_path, report):
    """dbt-bigquery 1.11 submits Dataproc Serverless batches on runtime 1.1:
    Spark 3.3 and Python 3.10. scripts/test makes that venv (.venv-spark33)."""
    python = SPARK33_VENV / "bin" / "python"
    assert python.exists(), f"{python} is missing: scripts/test makes it (scripts/bootstrap-spark33)"
    events, duckdb_models, first_syncs = duckdb_scenario
    (tmp_path / "job.json").write_text(json.dumps(job_for(bigquery_codes, events, first_syncs)))
    done = subprocess.run(
        [str(python), str(ROOT / "python" / "tests" / "submitted_runner.py"), "job.json", "out.json"],
        cwd=tmp_path,
        env=dict(os.environ, PYSPARK_PYTHON=str(python), PYSPARK_DRIVER_PYTHON=str(python)),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-6000:]
    result = json.loads((tmp_path / "out.json").read_text())
    assert result["spark_version"].startswith("3.3.") and result["python_version"] == "3.10", result["spark_version"]
    assert_equals_duckdb(
        result,
        events,
        duckdb_models,
        f"dbt-bigquery's submission on Spark {result['spark_version']}, Python 3.10",
        report,
    )
