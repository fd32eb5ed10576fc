"""The sessions and users models give the same rows on DuckDB, Snowpark and PySpark.

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

import pytest

import engines
from conftest import REPORTS

pytestmark = [pytest.mark.slow, pytest.mark.spark]

KEYS = {"sessions": "full_session_id", "users": "user_id"}
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


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
def engine_sessions():
    spark = engines.spark_session()
    yield {"snowpark": engines.snowpark_session(), "pyspark": spark}
    spark.stop()


@pytest.mark.parametrize("data", ["scenario", "generated"])
def test_engines_agree(duckdb_build, engine_sessions, data):
    events, duckdb_models, config = duckdb_build(data == "generated")
    inputs = {"pyspark": (events, None), "snowpark": (events, None)}
    if data == "generated":
        inputs["snowpark"] = whole_users(events, duckdb_models["sessions"], **SNOWPARK_USERS)
    to_dataframe = {
        "snowpark": lambda rows: engines.snowpark_dataframe(engine_sessions["snowpark"], rows),
        "pyspark": lambda rows: engines.spark_dataframe(engine_sessions["pyspark"], rows),
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
        }
        assert len(expected["sessions"]) >= 5 and len(expected["users"]) >= 3, "too few rows to compare"
        for model, key in KEYS.items():
            differing = engines.compare(expected[model], engines.collected(results[model]), key)
            verdict = "identical" if not differing else "differ: " + ", ".join(differing)
            lines.append(f"  {engine:<10}{len(engine_events):>7}  {model:<10}{len(expected[model]):>5}  {verdict}")
            if differing:
                failures.append((engine, model, differing))
    REPORTS.append(lines)
    assert failures == [], "\n".join(lines)
