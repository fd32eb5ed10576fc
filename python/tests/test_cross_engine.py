"""The sessions, users and pages models give the same rows on DuckDB, Snowpark and PySpark.

DuckDB runs them through dbt (the integration project); Snowpark (local
testing mode) and PySpark (local[2]) run the same model files on the events
DuckDB built. Prints one table: engine by engine and model by model,
identical or which columns differ.

Snowpark's emulator evaluates a window function row by row over the whole
partition, so its cost grows with the square of a session's length: on the
generated sample it gets whole users (every device of a few identified users,
and a few anonymous devices), whose sessions and users rows are complete, and
is compared with DuckDB's rows for them. PySpark gets every event.
"""

import datetime
from zoneinfo import ZoneInfo

import duckdb
import pytest

import engines

pytestmark = [pytest.mark.slow, pytest.mark.spark]

KEYS = {"sessions": "full_session_id", "users": "user_id", "pages": "full_view_id"}
GENERATED_EVENTS = 3000
SNOWPARK_USERS = {"identified": 2, "anonymous": 2}


def whole_users(events, sessions, identified, anonymous):
    """Devices of the first `identified` identified users and of `anonymous`
    never-identified devices: every device of a chosen user is included, so
    their sessions and users rows need no event outside the subset."""
    user_of_device = {s["device_id"]: s["user_id"] for s in sessions}
    users = sorted(set(user_of_device.values()))
    chosen = [u for u in users if not u.startswith("anon_")][:identified] + [u for u in users if u.startswith("anon_")][
        :anonymous
    ]
    devices = {d for d, u in user_of_device.items() if u in chosen}
    return [e for e in events if e["device_id"] in devices], set(chosen)


@pytest.fixture(scope="session")
def duckdb_build(integration_project, tmp_path_factory):
    """build_on_duckdb, once per kind of data for the whole module, and the
    models' config as dbt rendered it there (the vars in `meta`)."""
    built = {}

    def build(generated):
        if generated not in built:
            database = tmp_path_factory.mktemp("duckdb") / "x.duckdb"
            rows = engines.build_on_duckdb(integration_project, database, generated and GENERATED_EVENTS)
            built[generated] = (*rows, engines.model_config(integration_project, "sessions"))
        return built[generated]

    return build


@pytest.fixture(scope="module")  # Spark stopped after the module: the submitted-code tests start their own
def engine_sessions():
    spark = engines.spark_session()
    yield {"snowpark": engines.snowpark_session(), "pyspark": spark}
    spark.stop()


@pytest.mark.parametrize("data", ["scenario", "generated"])
def test_engines_agree(duckdb_build, engine_sessions, data, report):
    events, duckdb_models, config = duckdb_build(data == "generated")
    inputs = {"pyspark": (events, None), "snowpark": (events, None)}
    if data == "generated":
        inputs["snowpark"] = whole_users(events, duckdb_models["sessions"], **SNOWPARK_USERS)
    to_dataframe = {
        "snowpark": lambda *rows: engines.snowpark_dataframe(engine_sessions["snowpark"], *rows),
        "pyspark": lambda *rows: engines.spark_dataframe(engine_sessions["pyspark"], *rows),
    }
    lines = [
        f"cross-engine check on {data} data, against DuckDB:",
        f"  {'engine':<10}{'events':>7}  {'model':<10}{'rows':>5}  result",
    ]
    lines += [
        f"  {'duckdb':<10}{len(events):>7}  {model:<10}{len(rows):>5}  (the reference, built by dbt)"
        for model, rows in duckdb_models.items()
    ]
    failures = []
    for engine, (engine_events, users) in inputs.items():
        results = engines.run_models(engine_sessions[engine], to_dataframe[engine], engine_events, config)
        devices = {e["device_id"] for e in engine_events}
        expected = {
            "sessions": [s for s in duckdb_models["sessions"] if s["device_id"] in devices],
            "users": [u for u in duckdb_models["users"] if users is None or u["user_id"] in users],
            "pages": [p for p in duckdb_models["pages"] if p["device_id"] in devices],
        }
        assert min(len(expected["sessions"]), len(expected["pages"])) >= 5 and len(expected["users"]) >= 3, (
            "too few rows to compare"
        )
        for model, key in KEYS.items():
            differing = engines.compare(expected[model], engines.collected(results[model]), key)
            verdict = "identical" if not differing else "differ: " + ", ".join(differing)
            lines.append(f"  {engine:<10}{len(engine_events):>7}  {model:<10}{len(expected[model]):>5}  {verdict}")
            if differing:
                failures.append((engine, model, differing))
    report(lines)
    assert failures == [], "\n".join(lines)


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


@pytest.mark.parametrize("zone", sorted(SWITCH_DAY_TIMES))
def test_start_date_follows_the_zones_daylight_saving_switch_days(engine_sessions, zone, tmp_path):
    """sessions.start_date on each engine, against zoneinfo's date of each instant,
    with each engine's own session time zone set elsewhere (as a machine's TZ is)."""
    times = SWITCH_DAY_TIMES[zone]
    rows = one_event_sessions(times)
    expected = {
        f"1:{i}": datetime.datetime.fromisoformat(t).replace(tzinfo=datetime.UTC).astimezone(ZoneInfo(zone)).date()
        for i, t in enumerate(times)
    }
    config = {"meta": {"fullstory_event_types": "navigate", "fullstory_timezone": zone}}
    got = {}
    with duckdb.connect(str(tmp_path / "d.duckdb")) as con:
        con.execute("set TimeZone = 'Asia/Tokyo'")
        columns = ", ".join(f"{c} {ENGINE_SQL_TYPES[t]}" for c, t in engines.EVENT_COLUMNS.items())
        con.execute(f"create table events ({columns})")
        con.executemany(
            f"insert into events values ({', '.join('?' * len(engines.EVENT_COLUMNS))})",
            [[r[c] for c in engines.EVENT_COLUMNS] for r in rows],
        )
        sessions = engines.load_model("sessions").model(
            engines.StandInDbt({"events": con.table("events")}, config), con
        )
        got["duckdb"] = {r[0]: r[1] for r in sessions.select("full_session_id, start_date").fetchall()}
    spark = engine_sessions["pyspark"]
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    try:
        frames = {
            "snowpark": engines.snowpark_dataframe(engine_sessions["snowpark"], rows),
            "pyspark": engines.spark_dataframe(spark, rows),
        }
        for engine, events in frames.items():
            sessions = engines.load_model("sessions").model(engines.StandInDbt({"events": events}, config), None)
            got[engine] = {r["full_session_id"]: r["start_date"] for r in engines.collected(sessions)}
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")
    assert {engine: dates for engine, dates in got.items() if dates != expected} == {}
    assert len(set(expected.values())) > 1  # the instants straddle dates


ENGINE_SQL_TYPES = {"string": "varchar", "timestamp": "timestamp", "long": "bigint"}
