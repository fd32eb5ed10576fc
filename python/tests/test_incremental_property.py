"""Property: after every incremental run, the models equal a full refresh on
the same source, row for row.

A generated stream (duplicates re-delivered later, late events whose session
is re-synced hours afterwards, NULL updated_time, identify in a later session,
server events, and re-synced copies that move their event to another view or
session, or none, or change its type or time: moved_copies.py) is replayed
into the source in batches. A row arrives when it
was written (updated_time, else processed_time) plus a random delay of up to
12 hours, so batches overlap in updated_time as real syncs do; the cut points
between batches are random. Seeded, so every failure repeats.
"""

import datetime
import random
import re
import shutil

import duckdb
import pytest

from conftest import dbt, model_differences
from generate_events import generate
from moved_copies import add_moved_copies

pytestmark = pytest.mark.slow  # three seeds, each a full build and three incremental runs

EVENTS = 2500
BATCHES = 3
SOURCE_VARS = "fullstory_events_schema: fullstory, fullstory_events_table: synced"


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


def sync_and_run(project, database, batch, source_vars):
    """The synced table as it stands after `batch`, and a dbt run of the models on it."""
    with duckdb.connect(str(database)) as con:
        con.execute(
            f"create or replace table fullstory.synced as "
            f"select * exclude (batch) from fullstory.stream where batch <= {batch}"
        )
    dbt(
        "run", "--exclude", "scenario_events_source", "--vars", f"{{{source_vars}}}", project=project, database=database
    )


# The generator re-delivers copies up to four days after processing, and a run's
# lookback is the integration project's one day: 5 days of fullstory_max_lateness
# cover every row, so the promise must hold exactly with it set (and, with it,
# the bounded delete of events' stored copies). The histories of seeds 23 and
# 37 end today, so that the last runs find the newest updated_time among the
# rows of the last day (seed 11's, in October, only among all rows), and some
# copies are re-delivered after the run's start.
RECENT = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=28)).strftime("%Y-%m-%d %H:%M:%S")


@pytest.mark.parametrize(
    "seed,lateness,start",
    [(11, None, None), (23, None, RECENT), (37, 5, RECENT)],
    # ids without RECENT's time: each xdist worker collects at its own second, and the ids must agree
    ids=["seed-11", "seed-23-recent", "seed-37-lateness-5-recent"],
)
def test_every_incremental_run_equals_a_full_refresh(integration_project, tmp_path, seed, lateness, start):
    database = tmp_path / "incremental.duckdb"
    history = {"start": start} if start else {}
    generate(database, events=EVENTS, seed=seed, schema="fullstory", table="all_events", **history)
    # a bound on the lateness assumes that copies share their event_time (no moved times with it),
    # and the copies must arrive within it (the generator's re-deliveries come within four days)
    within = {} if lateness is None else {"move_times": False, "days": (1, 4)}
    moved = add_moved_copies(database, "fullstory", "all_events", seed, **within)
    assert all(moved.values()), moved
    replay_plan(database, seed)
    source_vars = SOURCE_VARS + (f", fullstory_max_lateness: {lateness}" if lateness is not None else "")
    bounded_deletes = 0
    for batch in range(1, BATCHES + 1):
        sync_and_run(integration_project, database, batch, source_vars)
        compiled = (integration_project / "target" / "compiled" / "dbt_fullstory" / "models" / "events.sql").read_text()
        assert ("updated_time >= cast(" in compiled) == (batch > 1), "batch 1 builds, later batches run incrementally"
        for model in ("sessions", "users", "pages"):  # the Python models too: built, then merged
            ran = (integration_project / "target" / "run" / "dbt_fullstory" / "models" / f"{model}.py").read_text()
            merged = "delete from" in ran and "__dbt_tmp" in ran
            assert merged == (batch > 1) and ("self.is_incremental = False" in ran) == (batch == 1), (model, batch)
        # the literal lateness bound, in the query that finds the event_time bound too
        if lateness is not None and batch > 1:
            assert compiled.count("event_time >= cast(") >= 2, compiled
        if batch > 1:  # the delete of the stored copies: bounded by event_time with the lateness bound only
            ran = (integration_project / "target" / "run" / "dbt_fullstory" / "models" / "events.sql").read_text()
            delete = ran[ran.index("delete from") : ran.index("insert into")]
            bounded = re.search(r"and\s+event_time >= cast\('(\d{4})", delete)
            assert bool(bounded) == (lateness is not None), delete
            bounded_deletes += bool(bounded) and bounded.group(1) != "9999"  # 9999: the run wrote no row

        full = tmp_path / f"full-{batch}.duckdb"
        shutil.copy(database, full)
        dbt(
            "run",
            "--exclude",
            "scenario_events_source",
            "--full-refresh",
            "--vars",
            f"{{{source_vars}, fullstory_allow_full_refresh: true}}",
            project=integration_project,
            database=full,
        )
        assert model_differences(database, full) == {}, f"seed {seed}, after batch {batch}"
        full.unlink()
    assert (bounded_deletes > 0) == (lateness is not None), "a run wrote rows, through the bounded delete"
    if start:  # the last run's newest updated_time (not after it) was within its lookback of one day
        now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        with duckdb.connect(str(database), read_only=True) as con:
            newest = con.execute("select max(updated_time) from analytics.events where updated_time <= ?", [now])
            newest = newest.fetchone()[0]
        assert now - datetime.timedelta(days=1) <= newest, newest


def test_rows_later_than_the_lateness_bound_are_counted_then_loaded_by_a_full_refresh(integration_project, tmp_path):
    """fullstory_max_lateness: 0 is below the generator's lateness: incremental
    runs leave out some re-delivered rows; fullstory_missing_events warns with
    their number and reason, and a full refresh loads them."""
    database = tmp_path / "late.duckdb"
    generate(database, events=EVENTS, seed=11, schema="fullstory", table="all_events")
    replay_plan(database, 11)
    source_vars = SOURCE_VARS + ", fullstory_max_lateness: 0"
    for batch in range(1, BATCHES + 1):
        sync_and_run(integration_project, database, batch, source_vars)
    check = ("test", "-s", "fullstory_missing_events", "--store-failures")
    warned = dbt(*check, "--vars", f"{{{source_vars}}}", project=integration_project, database=database)
    found = re.search(r"WARN (\d+) fullstory_missing_events", warned.stdout)
    assert found and int(found.group(1)) > 0, warned.stdout[-3000:]
    with duckdb.connect(str(database), read_only=True) as con:
        reasons = con.execute(
            "select distinct reason from analytics_dbt_test__audit.fullstory_missing_events"
        ).fetchall()
    assert (
        "event_time more than fullstory_max_lateness behind the lookback: the next full refresh loads it",
    ) in reasons
    full = tmp_path / "full.duckdb"
    shutil.copy(database, full)
    dbt(
        "run",
        "--exclude",
        "scenario_events_source",
        "--full-refresh",
        "--vars",
        f"{{{source_vars}, fullstory_allow_full_refresh: true}}",
        project=integration_project,
        database=full,
    )
    assert model_differences(database, full), "the rows left out differ from a full refresh"
    passed = dbt(*check, "--vars", f"{{{source_vars}}}", project=integration_project, database=full)
    assert re.search(r"PASS fullstory_missing_events", passed.stdout), passed.stdout[-3000:]
