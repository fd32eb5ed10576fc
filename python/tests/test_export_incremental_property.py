"""Property, on FullStory's Parquet export read in place: after every
incremental run, the models equal a full refresh on the same files, row for row.

The generated stream (duplicates re-delivered days later, late events whose
session is re-synced hours afterwards, NULL updated_time, identify in a later
session, server events, copies that move their event: moved_copies.py) is
written as the export after each batch of
arrivals: the bucket as a run finds it. A row's file lands in an hourly
partition, either a new one after its re-creation or in place of the file it
replaces in its old partition (generate_events.LANDINGS: FullStory does not
document which), and appears up to three hours after its sync; the cut points
between batches are random. Empty partitions and zero-row files arrive too.
Each incremental run must read only the recent partitions (its compiled SQL
names day globs, not the whole history). Seeded, so every failure repeats.
"""

import datetime
import random
import re
import shutil

import duckdb
import pytest

from conftest import dbt, model_differences
from generate_events import LANDINGS, generate, write_export
from moved_copies import add_moved_copies

pytestmark = pytest.mark.slow  # per landing, a full build and three incremental runs, each checked by a full refresh

EVENTS = 2500
BATCHES = 4
EVERY_FILE = "/events/ingested_time=*/*.parquet"


def arrival_batches(database, seed):
    """fullstory.stream: every generated row with the batch (1..BATCHES) in which its file appears."""
    rng = random.Random(seed)
    cuts = sorted(rng.uniform(0.1, 0.9) for _ in range(BATCHES - 1))
    with duckdb.connect(str(database)) as con:
        con.execute(f"""
            create or replace table fullstory.stream as
            with arriving as (
                select *, coalesce(updated_time, processed_time, event_time)
                          + interval 1 hour + to_seconds(hash(event_id, processed_time, {seed}) % 7200) as arrival
                from fullstory.all_events
            ),
            ranked as (select *, percent_rank() over (order by arrival) as position from arriving)
            select * exclude (arrival, position),
                   1 + {" + ".join(f"(position > {c})::int" for c in cuts)} as batch
            from ranked""")
        batches = [b for (b,) in con.execute("select distinct batch from fullstory.stream order by 1").fetchall()]
    assert batches == list(range(1, BATCHES + 1)), batches


def write_bucket(database, root, batch, landing):
    """The export as it stands after `batch`: every file arrived so far, plus an
    empty partition and a zero-row file (with the export's columns) from batch 2 on."""
    with duckdb.connect(str(database)) as con:
        con.execute(
            "create or replace table fullstory.arrived as "
            f"select * exclude (batch) from fullstory.stream where batch <= {batch}"
        )
    shutil.rmtree(root, ignore_errors=True)  # the bucket as it stands: files re-created in place are new
    write_export(database, root, "fullstory", "arrived", landing)
    if batch >= 2:
        newest = max((root / "events").iterdir()).name
        (root / "events" / "ingested_time=2026-11-20 00%3A00%3A00").mkdir()  # an empty partition
        zero_rows = root / "events" / newest / "zero_rows.parquet"
        with duckdb.connect() as con:
            con.execute(
                f"copy (select * exclude (ingested_time) from read_parquet('{root}{EVERY_FILE}',"
                f" hive_partitioning = true) limit 0) to '{zero_rows}' (format parquet)"
            )


@pytest.mark.parametrize("landing", sorted(LANDINGS))
def test_every_incremental_run_on_the_export_equals_a_full_refresh(integration_project, tmp_path, landing):
    seed = 5 if landing == "in place" else 13
    database, root = tmp_path / "incremental.duckdb", tmp_path / "fullstory_o-1"
    generate(database, events=EVENTS, seed=seed, schema="fullstory", table="all_events")
    # within three days: a file re-created in place in a partition older than the lookback is not read
    # by incremental runs (docs/export.md, "Re-created files"), which is not what this is about
    assert all(add_moved_copies(database, "fullstory", "all_events", seed, days=(1, 3)).values())
    arrival_batches(database, seed)
    variables = f"{{fullstory_export_path: '{root}'}}"
    compiled = integration_project / "target" / "compiled" / "dbt_fullstory" / "models"
    for batch in range(1, BATCHES + 1):
        write_bucket(database, root, batch, landing)
        dbt(
            "run",
            "--exclude",
            "scenario_events_source",
            "--vars",
            variables,
            project=integration_project,
            database=database,
        )
        events_sql = (compiled / "events.sql").read_text()
        staging_sql = (compiled / "staging" / "stg_fullstory__events.sql").read_text()
        if batch == 1:
            assert f"{root}{EVERY_FILE}" in staging_sql, "the first build reads every file"
        else:
            for sql in (events_sql, staging_sql):
                assert f"{root}/events/ingested_time=2026-" in sql and EVERY_FILE not in sql, (
                    f"batch {batch}: an incremental run lists only the recent partitions"
                )

        full = tmp_path / f"full-{batch}.duckdb"
        shutil.copy(database, full)
        dbt(
            "run",
            "--exclude",
            "scenario_events_source",
            "--full-refresh",
            "--vars",
            f"{{fullstory_export_path: '{root}', fullstory_allow_full_refresh: true}}",
            project=integration_project,
            database=full,
        )
        assert model_differences(database, full) == {}, f"{landing}, after batch {batch}"
        full.unlink()
    with duckdb.connect(str(database), read_only=True) as con:
        loaded = con.execute("select count(*) from analytics.events").fetchone()[0]
        generated = con.execute(
            "select count(distinct event_id) from fullstory.all_events where event_type is not null"
        ).fetchone()[0]
    assert loaded > 0.95 * generated  # the comparison above was over (nearly) every event, not an empty model


def test_a_long_lookback_lists_whole_months_with_one_glob_each(integration_project, tmp_path):
    """A lookback of 60 days from the newest event (Nov 2026) starts in early
    September and runs through the day after the run: one glob for each month
    wholly inside that window (October; November too once December has come),
    one per day elsewhere, each kept when it matches a file; the run equals a
    full refresh."""
    database, root = tmp_path / "months.duckdb", tmp_path / "fullstory_o-1"
    generate(database, events=1500, seed=3, schema="fullstory", table="all_events", days=36)
    write_export(database, root, "fullstory", "all_events")
    variables = f"{{fullstory_export_path: '{root}', fullstory_incremental_interval: 60}}"
    run = ("run", "--exclude", "scenario_events_source", "--vars", variables)
    dbt(*run, project=integration_project, database=database)
    full = tmp_path / "full.duckdb"
    shutil.copy(database, full)
    today = [datetime.datetime.now(datetime.UTC).date()]
    dbt(*run, project=integration_project, database=database)
    today.append(datetime.datetime.now(datetime.UTC).date())
    sql = (integration_project / "target" / "compiled" / "dbt_fullstory" / "models" / "events.sql").read_text()
    globs = re.findall(r"'[^']*/ingested_time=([^']*)/\*\.parquet'", sql)
    days = sorted({p.name[len("ingested_time=") :][:10] for p in (root / "events").iterdir()})
    assert days[0] < "2026-10-05" and days[-1] >= "2026-11-01", days  # files in October and November
    # an independent expansion of the globs (those of the window that match a file) into the days they list
    covered = []
    for glob in globs:
        if re.fullmatch(r"\d{4}-\d{2}-\*", glob):
            first = datetime.date.fromisoformat(glob[:7] + "-01")
            after = (first + datetime.timedelta(days=32)).replace(day=1)
            covered += [first + datetime.timedelta(days=n) for n in range((after - first).days)]
        else:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\*", glob), glob
            covered.append(datetime.date.fromisoformat(glob[:10]))
    assert covered == sorted(set(covered)), "each day listed once, in order"
    assert set(days) <= {d.isoformat() for d in covered}, "every file's day is read"
    # October lies inside the window; November does once the window runs through December 1st
    # (the day after the run's start)
    assert "2026-10-*" in globs and not [g for g in globs if g.startswith("2026-10-") and g != "2026-10-*"]
    november = [g for g in globs if g.startswith("2026-11-")]
    if min(today) >= datetime.date(2026, 11, 30):
        assert november == ["2026-11-*"], globs
    elif max(today) < datetime.date(2026, 11, 30):
        assert november == [f"{d}*" for d in days if d >= "2026-11-01"], globs
    assert model_differences(database, full) == {}  # nothing new: the run changed nothing
