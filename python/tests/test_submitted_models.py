"""The sessions, users and pages models, run as dbt-snowflake and dbt-bigquery submit
them, equal DuckDB's tables: on Snowpark (local testing mode), on Spark 4,
and on Spark 3.3 under Python 3.10, which is what dbt-bigquery's default
Dataproc Serverless runtime (1.1) runs; on the scenario, and on generated
events; and each engine's start_date across the daylight-saving switch days.

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
from zoneinfo import ZoneInfo

import duckdb
import pytest
import submitted_runner
from capture_submissions import CAPTURED, capturing
from stand_ins import STEP_TIMEOUT, running

import engines
from conftest import ROOT, dbt

pytestmark = [pytest.mark.slow, pytest.mark.warehouse]

SPARK33_VENV = pathlib.Path(os.environ.get("DBT_FULLSTORY_SPARK33_VENV", ROOT / ".venv-spark33"))
# a zero lookback, so that an incremental run
# rebuilds only the devices with events at or after the newest stored one
CAPTURE_VARS = "{fullstory_unit_tests: false, fullstory_incremental_interval: 0}"
CUTOFF = datetime.datetime(2026, 11, 5)  # between the scenario's first syncs and its late ones
# the scenario's row synced with an updated_time in 2100 is stored before the incremental run:
# the run must not take the newest stored updated_time from it (no device would be rebuilt)
FUTURE = datetime.datetime(2099, 1, 1)
KEYS = {"sessions": "full_session_id", "users": "user_id", "pages": "full_view_id"}
GENERATED_EVENTS = 3000


def capture(project, env, out_dir, *args):
    """dbt ARGS in this process, each Python model's code written to out_dir instead of submitted."""
    with capturing(out_dir):
        result = dbt(*args, "--vars", CAPTURE_VARS, project=project, env=env, check=False, timeout=STEP_TIMEOUT)
    if CAPTURED not in result.stdout:
        raise AssertionError(f"dbt {' '.join(args)} submitted nothing:\n{result.stdout[-6000:]}")


def submitted_codes(name, tmp_path_factory):
    """{sessions, users, pages, and each one's _incremental}: what dbt submits on the warehouse `name`."""
    out = tmp_path_factory.mktemp(f"submitted-{name}")
    project = ROOT / "integration_tests" / name
    with running(name, out / "server.log") as env:
        # every command with the same vars: dbt then parses the project once (partial parsing)
        def stand_in(model):  # the package checks that a model's inputs are built
            args = ["run-operation", "stand_in_stored_model", "--args", f"{{name: {model}}}", "--vars", CAPTURE_VARS]
            dbt(*args, project=project, env=env, timeout=STEP_TIMEOUT)

        dbt("deps", project=project, env=env, timeout=STEP_TIMEOUT)
        # the package's state (the settings the Python models read, the manifest their hooks write)
        # and the real (empty) page_definitions, whose ids and names pages' pre-hook reads
        built = ["fullstory_settings", "fullstory_model_settings", "+page_definitions"]
        dbt("run", "-s", *built, "--vars", CAPTURE_VARS, project=project, env=env, timeout=STEP_TIMEOUT)
        stand_in("events")
        capture(project, env, out / "build", "run", "-s", "sessions")
        stand_in("sessions")
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
    built = engines.build_on_duckdb(integration_project, tmp_path_factory.mktemp("duckdb") / "x.duckdb")
    first_syncs = engines.build_on_duckdb(integration_project, tmp_path_factory.mktemp("duckdb") / "b1.duckdb", batch=1)
    return built, first_syncs


@pytest.fixture(scope="session")
def duckdb_generated(integration_project, tmp_path_factory):
    """DuckDB's events and models on GENERATED_EVENTS generated events."""
    return engines.build_on_duckdb(
        integration_project, tmp_path_factory.mktemp("duckdb") / "g.duckdb", GENERATED_EVENTS
    )


def rows_of(events):
    return [{c: submitted_runner.jsonable(e[c]) for c in engines.EVENT_COLUMNS} for e in events]


def job_for(codes, built, first_syncs=None):
    """The job submitted_runner runs: the events DuckDB built and the settings it built them
    with (fullstory_settings), but for the lookback, which CAPTURE_VARS sets as the capture did."""
    settings = [
        dict(s, setting_value="0") if s["setting_name"] == "fullstory_incremental_interval_seconds" else s
        for s in built["settings"]
    ]
    job = {
        "codes": codes,
        "event_columns": engines.EVENT_COLUMNS,
        "events": rows_of(built["events"]),
        "settings": settings,
    }
    if first_syncs is not None:
        assert all(e["updated_time"] < CUTOFF or e["updated_time"] >= FUTURE for e in first_syncs)
        job["earlier_events"] = rows_of(first_syncs)
    return job


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
    built, first_syncs = duckdb_scenario
    tables = submitted_runner.SnowparkTables(engines.snowpark_session())
    result = submitted_runner.run_job(tables, job_for(snowflake_codes, built, first_syncs))
    assert_equals_duckdb(
        result, built["events"], built["models"], "dbt-snowflake's submission on Snowpark (local testing)", report
    )


@pytest.mark.spark
def test_bigquery_submission_on_spark_4(bigquery_codes, duckdb_scenario, report):
    import pyspark

    built, first_syncs = duckdb_scenario
    spark = submitted_runner.spark_session()
    result = submitted_runner.run_job(submitted_runner.SparkTables(spark), job_for(bigquery_codes, built, first_syncs))
    assert_equals_duckdb(
        result, built["events"], built["models"], f"dbt-bigquery's submission on Spark {pyspark.__version__}", report
    )


@pytest.mark.spark
def test_bigquery_submission_on_spark_3_3(bigquery_codes, duckdb_scenario, tmp_path, report):
    """dbt-bigquery 1.11 submits Dataproc Serverless batches on runtime 1.1:
    Spark 3.3 and Python 3.10. scripts/test makes that venv (.venv-spark33)."""
    python = SPARK33_VENV / "bin" / "python"
    assert python.exists(), f"{python} is missing: scripts/test makes it (scripts/bootstrap-spark33)"
    built, first_syncs = duckdb_scenario
    (tmp_path / "job.json").write_text(json.dumps(job_for(bigquery_codes, built, first_syncs)))
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
        built["events"],
        built["models"],
        f"dbt-bigquery's submission on Spark {result['spark_version']}, Python 3.10",
        report,
    )


# ------------------------------------------------------------ generated events

# Snowpark's emulator evaluates a window function row by row over the whole partition, so
# its cost grows with the square of a session's length: on the generated sample it gets
# whole users (every device of a few identified users, and a few anonymous devices), whose
# sessions and users rows are complete. Spark gets every event.
SNOWPARK_USERS = {"identified": 2, "anonymous": 2}


def whole_users(events, sessions, identified, anonymous):
    """Devices of the first `identified` identified users and of `anonymous`
    never-identified devices: every device of a chosen user is included, so
    their sessions and users rows need no event outside the subset."""
    user_of_device = {s["device_id"]: s["user_id"] for s in sessions}
    users = sorted(set(user_of_device.values()))
    chosen = [u for u in users if not u.startswith("anon_")][:identified]
    chosen += [u for u in users if u.startswith("anon_")][:anonymous]
    devices = {d for d, u in user_of_device.items() if u in chosen}
    return [e for e in events if e["device_id"] in devices], set(chosen)


def assert_agrees_on_generated(tables, codes, built, label, report, users=None):
    """A first build of the three models on (a subset of) the generated events equals DuckDB's
    rows for those devices (and users)."""
    events = built["events"] if users is None else [e for e in built["events"] if e["device_id"] in users[0]]
    result = submitted_runner.build(tables, dict(job_for(codes, built), events=rows_of(events)))
    devices = {e["device_id"] for e in events}
    expected = {
        "sessions": [s for s in built["models"]["sessions"] if s["device_id"] in devices],
        "users": [u for u in built["models"]["users"] if users is None or u["user_id"] in users[1]],
        "pages": [p for p in built["models"]["pages"] if p["device_id"] in devices],
    }
    assert min(len(expected["sessions"]), len(expected["pages"])) >= 5 and len(expected["users"]) >= 3, "too few rows"
    lines = [f"{label}, {len(events)} generated events:"]
    failures = []
    for model, key in KEYS.items():
        # the runner's rows are jsonable already; DuckDB's are made so
        want = [{k: submitted_runner.jsonable(v) for k, v in r.items()} for r in expected[model]]
        differing = engines.compare(want, result[model], key)
        lines.append(
            f"  {model:<10}{len(want):>5}  " + ("identical" if not differing else "differ: " + ", ".join(differing))
        )
        failures += [(model, differing)] if differing else []
    report(lines)
    assert failures == [], "\n".join(lines)


def test_snowflake_submission_on_generated_events(snowflake_codes, duckdb_generated, report):
    subset = whole_users(duckdb_generated["events"], duckdb_generated["models"]["sessions"], **SNOWPARK_USERS)
    devices = {e["device_id"] for e in subset[0]}
    tables = submitted_runner.SnowparkTables(engines.snowpark_session())
    label = "dbt-snowflake's submission on Snowpark (whole users)"
    assert_agrees_on_generated(tables, snowflake_codes, duckdb_generated, label, report, users=(devices, subset[1]))


@pytest.mark.spark
def test_bigquery_submission_on_generated_events(bigquery_codes, duckdb_generated, report):
    tables = submitted_runner.SparkTables(submitted_runner.spark_session())
    assert_agrees_on_generated(tables, bigquery_codes, duckdb_generated, "dbt-bigquery's submission on Spark", report)


# ------------------------------------------------------------ daylight saving

# instants either side of the daylight-saving switches of three zones (UTC, naive)
SWITCH_DAY_TIMES = {
    # 2026-03-08 02:00 EST -> 03:00 EDT (07:00 UTC); 2026-11-01 02:00 EDT -> 01:00 EST (06:00 UTC)
    "America/New_York": [
        "2026-03-08 04:30",
        "2026-03-08 06:59",
        "2026-03-08 07:01",
        "2026-03-09 04:30",
        "2026-11-01 03:59",
        "2026-11-01 04:30",
        "2026-11-01 05:59",
        "2026-11-01 06:01",
        "2026-11-02 04:30",
    ],
    # 2026-03-29 02:00 CET -> 03:00 CEST (01:00 UTC); 2026-10-25 03:00 CEST -> 02:00 CET (01:00 UTC)
    "Europe/Berlin": [
        "2026-03-28 22:30",
        "2026-03-28 23:30",
        "2026-10-24 22:30",
        "2026-10-25 22:30",
        "2026-10-25 23:30",
    ],
    # southern hemisphere: 2026-04-05 03:00 AEDT -> 02:00 AEST; 2026-10-04 02:00 AEST -> 03:00 AEDT
    "Australia/Sydney": ["2026-04-04 13:30", "2026-04-04 14:30", "2026-10-03 13:30", "2026-10-03 14:30"],
}


def one_event_sessions(times):
    """A navigate event per time, each its own session of device 1."""
    rows = []
    for i, text in enumerate(times):
        at = datetime.datetime.fromisoformat(text)
        row = {c: None for c in engines.EVENT_COLUMNS}
        row.update(event_id=f"e{i}", event_time=at, updated_time=at, device_id=1, session_id=i,
                   full_session_id=f"1:{i}", event_type="navigate", source_type="web")  # fmt: skip
        rows.append(row)
    return rows


def zone_settings(zone):
    """fullstory_settings as the vars {fullstory_event_types: [navigate], fullstory_timezone: zone} make it."""
    values = {"fullstory_event_types": "navigate", "fullstory_timezone": zone, "fullstory_conversions": "[]",
              "fullstory_replay_url_prefix": None, "fullstory_incremental_interval_seconds": "0"}  # fmt: skip
    return [{"setting_name": k, "setting_value": v} for k, v in values.items()]


@pytest.mark.parametrize("zone", sorted(SWITCH_DAY_TIMES))
@pytest.mark.parametrize("warehouse", ["duckdb", "snowflake", "bigquery"])
def test_start_date_follows_the_zones_daylight_saving_switch_days(request, duckdb_scenario, warehouse, zone):
    """sessions.start_date as each warehouse's code makes it, against zoneinfo's date of each
    instant, with the engine's own session time zone set elsewhere (as a machine's TZ is)."""
    times = SWITCH_DAY_TIMES[zone]
    expected = {
        f"1:{i}": datetime.datetime.fromisoformat(t).replace(tzinfo=datetime.UTC).astimezone(ZoneInfo(zone)).date()
        for i, t in enumerate(times)
    }
    job = {"event_columns": engines.EVENT_COLUMNS, "events": rows_of(one_event_sessions(times)),
           "settings": zone_settings(zone)}  # fmt: skip
    if warehouse == "duckdb":
        con = duckdb.connect()
        con.execute("set TimeZone = 'Asia/Tokyo'")
        tables, job["codes"] = submitted_runner.DuckDBTables(con), duckdb_scenario[0]["codes"]
    elif warehouse == "snowflake":
        tables = submitted_runner.SnowparkTables(engines.snowpark_session())
        job["codes"] = request.getfixturevalue("snowflake_codes")
    else:
        spark = submitted_runner.spark_session()
        spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
        request.addfinalizer(lambda: spark.conf.set("spark.sql.session.timeZone", "UTC"))
        tables, job["codes"] = submitted_runner.SparkTables(spark), request.getfixturevalue("bigquery_codes")
    sessions = submitted_runner.build(tables, job, models=("sessions",))["sessions"]
    got = {r["full_session_id"]: datetime.date.fromisoformat(r["start_date"]) for r in sessions}
    assert got == expected
    assert len(set(expected.values())) > 1  # the instants straddle dates
