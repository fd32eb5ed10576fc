"""Property: after every incremental run, the models equal a full refresh on
the same source, row for row.

A generated stream (duplicates re-delivered later, late events whose session
is re-synced hours afterwards, NULL updated_time, identify in a later session,
server events) is replayed into the source in batches. A row arrives when it
was written (updated_time, else processed_time) plus a random delay of up to
12 hours, so batches overlap in updated_time as real syncs do; the cut points
between batches are random. Seeded, so every failure repeats.
"""

import random
import shutil

import duckdb
import pytest

from conftest import dbt
from generate_events import generate

pytestmark = pytest.mark.slow  # three seeds, each a full build and three incremental runs

EVENTS = 2500
BATCHES = 3
SOURCE_VARS = "fullstory_events_schema: fullstory, fullstory_events_table: synced"
MODELS = ("events", "sessions", "users")


def replay_plan(database, seed):
    """Give each generated row an arrival batch (1..BATCHES)."""
    rng = random.Random(seed)
    cuts = sorted(rng.uniform(0.15, 0.85) for _ in range(BATCHES - 1))
    with duckdb.connect(str(database)) as con:
        con.execute(f"""
            create or replace table fullstory.stream as
            with arriving as (
                select *, coalesce(updated_time, processed_time)
                          + to_seconds(hash(event_id, processed_time, {seed}) % 43200) as arrival
                from fullstory.all_events
            ),
            ranked as (select *, percent_rank() over (order by arrival) as position from arriving)
            select * exclude (arrival, position),
                   1 + {" + ".join(f"(position > {c})::int" for c in cuts)} as batch
            from ranked""")
        counts = con.execute("select batch, count(*) from fullstory.stream group by all order by 1").fetchall()
    assert [b for b, _ in counts] == list(range(1, BATCHES + 1)), counts
    return counts


def differences(incremental, full):
    """Rows of each model in one database and not the other (as multisets)."""
    with duckdb.connect() as con:
        con.execute(f"attach '{incremental}' as inc (read_only)")
        con.execute(f"attach '{full}' as ref (read_only)")
        found = {}
        for model in MODELS:
            a = f"select * from inc.analytics.{model}"
            b = f"select * from ref.analytics.{model}"
            extra = con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0]
            missing = con.execute(f"select count(*) from ({b} except all {a})").fetchone()[0]
            if extra or missing:
                found[model] = {"not in the full refresh": extra, "missing": missing}
    return found


@pytest.mark.parametrize("seed", [11, 23, 37])
def test_every_incremental_run_equals_a_full_refresh(integration_project, tmp_path, seed):
    database = tmp_path / "incremental.duckdb"
    generate(database, events=EVENTS, seed=seed, schema="fullstory", table="all_events")
    replay_plan(database, seed)
    for batch in range(1, BATCHES + 1):
        with duckdb.connect(str(database)) as con:
            con.execute(
                f"create or replace table fullstory.synced as "
                f"select * exclude (batch) from fullstory.stream where batch <= {batch}"
            )
        dbt(
            "run",
            "--exclude",
            "scenario_events_source",
            "--vars",
            f"{{{SOURCE_VARS}}}",
            project=integration_project,
            database=database,
        )
        compiled = (integration_project / "target" / "compiled" / "dbt_fullstory" / "models" / "events.sql").read_text()
        assert ("updated_time >= cast(" in compiled) == (batch > 1), "batch 1 builds, later batches run incrementally"

        full = tmp_path / f"full-{batch}.duckdb"
        shutil.copy(database, full)
        dbt(
            "run",
            "--exclude",
            "scenario_events_source",
            "--full-refresh",
            "--vars",
            f"{{{SOURCE_VARS}, fullstory_allow_full_refresh: true}}",
            project=integration_project,
            database=full,
        )
        assert differences(database, full) == {}, f"seed {seed}, after batch {batch}"
        full.unlink()
