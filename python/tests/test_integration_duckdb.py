"""The DuckDB integration project: the scenario seed against hand-checked expected CSVs.

`dbt build` runs the equality tests (tests/*_equal_expected.sql), the
package's data tests on keys and its dbt unit tests; any failure fails here.
"""

import datetime
import fnmatch
import json
import re
import shutil

import duckdb
import pytest

import generate_events
from conftest import dbt, model_differences

pytestmark = pytest.mark.slow  # builds of the integration project, 13 to 45 s each

MODELS = ("events", "sessions", "users", "pages")


def load_batch(project, database, batch, with_time_zone=False, row_order="asc"):
    """The synced table after `batch`; row_order: asc or desc, the order of
    (event_id, scenario) its rows are written in, which puts the copies of
    an event in opposite orders."""
    dbt(
        "run",
        "-s",
        "scenario_events_source",
        "--vars",
        f"{{scenario_batch: {batch}, scenario_times_with_time_zone: {str(with_time_zone).lower()},"
        f" scenario_row_order: {row_order}}}",
        project=project,
        database=database,
    )


def snapshot(database):
    with duckdb.connect(str(database), read_only=True) as con:
        return {m: sorted(map(repr, con.execute(f"select * from analytics.{m}").fetchall())) for m in MODELS}


@pytest.mark.parametrize("row_order", ["asc", "desc"])
def test_full_build_equals_expected(integration_project, tmp_path, row_order):
    """The same synced rows in two orders give the expected tables: copies of an
    event tied on updated_time and processed_time are decided by their content.
    The database file is named after the schema of the synced table (and of the
    models), as a user's analytics.duckdb often is: DuckDB then has a catalog
    and a schema of one name, which a view naming analytics.analytics.<table>
    could not be created over (DuckDB 2.0)."""
    database = tmp_path / "analytics.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 2, row_order=row_order)
    result = dbt("build", "--exclude", "scenario_events_source", project=integration_project, database=database)
    assert "ERROR=0" in result.stdout and "PASS=" in result.stdout
    for model in MODELS:
        assert f"{model}_equal_expected" in result.stdout  # the comparison ran, not skipped
    assert_the_warnings_of_the_scenario(result.stdout)
    if row_order == "asc":  # a type that matches no event and is not FullStory's (a misspelling) is named;
        # crash, a FullStory type the scenario does not have, is not
        unseen = dbt(
            "test",
            "-s",
            "fullstory_unseen_event_types",
            "--store-failures",
            "--vars",
            "{fullstory_event_types: [click, navigate, page_view, crash]}",
            project=integration_project,
            database=database,
        )
        assert re.search(r"WARN 1 fullstory_unseen_event_types", unseen.stdout), unseen.stdout[-3000:]
        assert "fullstory_event_types lists page_view, which no event" in unseen.stdout, unseen.stdout[-3000:]
        with duckdb.connect(str(database), read_only=True) as con:
            unseen_types = con.execute("select event_type from analytics_dbt_test__audit.fullstory_unseen_event_types")
            assert unseen_types.fetchall() == [("page_view",)]


def assert_the_warnings_of_the_scenario(stdout):
    # NULL event_type, before fullstory_min_event_time, empty and NULL event_id, no sync time: left out, and counted
    assert re.search(r"WARN 5 fullstory_dropped_source_rows", stdout), stdout[-3000:]
    # e814's session_id without a device_id: in events, in no session, and counted
    assert re.search(r"WARN 1 fullstory_unplaced_events", stdout), stdout[-3000:]
    # e603's updated_time in 2100: kept, and listed
    assert re.search(r"WARN 1 fullstory_future_updated_times", stdout), stdout[-3000:]
    # every other synced event is in events
    assert re.search(r"PASS fullstory_missing_events", stdout), stdout[-3000:]
    assert re.search(r"PASS fullstory_unseen_event_types", stdout), stdout[-3000:]


def test_a_time_zone_source_on_a_machine_in_another_time_zone_keeps_utc_times(integration_project, tmp_path):
    """Source times typed TIMESTAMP WITH TIME ZONE (as Parquet often gives
    them), dbt run with TZ=America/New_York: every model equals the expected
    CSVs, in UTC. A cast to TIMESTAMP would give New York wall-clock times."""
    database = tmp_path / "tz.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 2, with_time_zone=True)
    result = dbt(
        "build",
        "--exclude",
        "scenario_events_source",
        project=integration_project,
        database=database,
        env={"TZ": "America/New_York"},
        check=False,
    )
    assert "ERROR=0" in result.stdout, result.stdout[-3000:]
    for model in MODELS:
        assert f"{model}_equal_expected" in result.stdout


@pytest.mark.parametrize("row_order", ["asc", "desc"])
def test_incremental_run_equals_expected_and_a_rerun_changes_nothing(integration_project, tmp_path, row_order):
    database = tmp_path / "incremental.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 1, row_order=row_order)
    first = dbt("run", "--exclude", "scenario_events_source", project=integration_project, database=database)
    assert "dbt_fullstory: 1 row(s) of" not in first.stdout  # a first build has no lookback to protect
    with duckdb.connect(str(database), read_only=True) as con:
        # after batch 1 the device of alice has not identified yet
        assert con.execute("select count(*) from analytics.users where user_id = 'anon_101'").fetchone() == (1,)
    with duckdb.connect(str(database)) as con:
        # an upgrade: the manifest as the hook of the release before the model made it, a plain
        # table of the same name and rows; the model takes it over, records and all
        recorded = con.execute("select * from analytics.fullstory_model_settings order by all").fetchall()
        assert [r[0] for r in recorded] == ["events", "pages", "sessions", "users"], recorded
        con.execute("drop table analytics.fullstory_model_settings")
        con.execute("create table analytics.fullstory_model_settings (model_name varchar, settings varchar)")
        con.executemany("insert into analytics.fullstory_model_settings values (?, ?)", recorded)

    load_batch(integration_project, database, 2, row_order=row_order)
    result = dbt("build", "--exclude", "scenario_events_source", project=integration_project, database=database)
    assert "ERROR=0" in result.stdout
    assert_the_warnings_of_the_scenario(result.stdout)
    # the settings the first run recorded are the ones this run computes: no model rebuilds every row
    assert "this run rebuilds all of its rows" not in result.stdout, result.stdout[-3000:]
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select * from analytics.fullstory_model_settings order by all").fetchall() == recorded
    # the 2100 row of batch 1 is named when the lookback leaves it out
    future = r"dbt_fullstory: 1 row\(s\) of \S+events\S* have a updated_time after this run's start"
    assert re.search(future, result.stdout), result.stdout[-3000:]
    compiled = (integration_project / "target" / "compiled" / "dbt_fullstory" / "models" / "events.sql").read_text()
    # newest updated_time of batch 1 (e401, 2026-11-03 09:05; e603's 2100 is in the future)
    # less the project's 1-day lookback
    assert "updated_time >= cast('2026-11-02 09:05:00.000000' as timestamp)" in compiled, "not an incremental run"

    before = snapshot(database)
    dbt("run", "--exclude", "scenario_events_source", project=integration_project, database=database)
    assert snapshot(database) == before
    with duckdb.connect(str(database), read_only=True) as con:  # nothing the runs made outlives them
        tables = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    assert not [t for t in tables if "dbt_tmp" in t[1]], tables


def write_export(database, root, landing="in place"):
    """The synced scenario as FullStory's export lays it out under root
    (generate_events.write_export), and a view over its files."""
    generate_events.write_export(database, root, "analytics", "scenario_events_source", landing)
    with duckdb.connect(str(database)) as con:
        con.execute("create schema if not exists fullstory")
        con.execute(
            "create or replace view fullstory.events_export as select * from"
            f" read_parquet('{root}/events/ingested_time=*/*.parquet', hive_partitioning = true)"
        )


def test_the_exports_parquet_gives_the_expected_tables_full_and_incremental(integration_project, tmp_path):
    """The scenario written as FullStory's Parquet export (ISO time strings,
    updated_time in epoch milliseconds, hive partitions) and read through a
    view with fullstory_source_format: export: batch 1, then batch 2
    incrementally (its files re-created in place), equal the same expected CSVs."""
    database, root = tmp_path / "export.duckdb", tmp_path / "fullstory_o-TEST-1"
    export = ["--vars", "{fullstory_source_format: export, fullstory_events_schema: fullstory,"
              " fullstory_events_table: events_export}"]  # fmt: skip
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 1)
    write_export(database, root)
    dbt("run", "--exclude", "scenario_events_source", *export, project=integration_project, database=database)
    load_batch(integration_project, database, 2)
    write_export(database, root)
    result = dbt(
        "build", "--exclude", "scenario_events_source", *export, project=integration_project, database=database
    )
    assert "ERROR=0" in result.stdout
    for model in MODELS:
        assert f"{model}_equal_expected" in result.stdout
    assert "staging_reads_the_exports_time_strings_and_epoch_milliseconds" in result.stdout  # its unit test ran
    assert_the_warnings_of_the_scenario(result.stdout)
    with duckdb.connect(str(database), read_only=True) as con:
        types = dict(con.execute("select column_name, data_type from information_schema.columns"
                                 " where table_name = 'events_export'").fetchall())  # fmt: skip
    assert (types["event_time"], types["updated_time"]) == ("VARCHAR", "BIGINT")
    assert len(list((root / "events").glob("ingested_time=*/*.parquet"))) > 5


@pytest.mark.parametrize("landing", sorted(generate_events.LANDINGS))
def test_the_package_reads_the_export_in_place(integration_project, tmp_path, landing):
    """fullstory_export_path names the export's root: the package reads its
    Parquet files where they are, batch 1 then batch 2 incrementally, with the
    re-synced files in place of the old ones or in new partitions, and gives
    the expected CSVs. One of the two runs on a machine in New York: the
    export's times are UTC strings and epoch milliseconds, and stay UTC.

    Batch 2 reads only the partitions from the day before its lookback
    bound's: batch 1's newest updated_time (Nov 3 09:05) minus the project's
    one-day interval is Nov 2, so from Nov 1, which holds the files the
    scenario re-creates in place on Nov 10. Then a full refresh of events
    alone reads every file, not the staging view the incremental run left."""
    database, root = tmp_path / "in_place.duckdb", tmp_path / "fullstory_o-TEST-1"
    variables = {"fullstory_export_path": str(root)}
    export = ["--vars", json.dumps(variables)]
    machine = {"env": {"TZ": "America/New_York"}} if landing == "new partition" else {}
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 1)
    write_export(database, root, landing)
    dbt(
        "run", "--exclude", "scenario_events_source", *export, project=integration_project, database=database, **machine
    )
    staging = integration_project / "target" / "compiled" / "dbt_fullstory" / "models" / "staging"
    every_file = f"read_parquet('{root}/events/ingested_time=*/*.parquet'"
    assert every_file in (staging / "stg_fullstory__events.sql").read_text()
    load_batch(integration_project, database, 2)
    write_export(database, root, landing)
    result = dbt(
        "build", "--exclude", "scenario_events_source", *export,
        project=integration_project, database=database, **machine,
    )  # fmt: skip
    assert "ERROR=0" in result.stdout
    for model in MODELS:
        assert f"{model}_equal_expected" in result.stdout
    assert_the_warnings_of_the_scenario(result.stdout)
    # the incremental run listed day globs from the day before its bound's, not every file
    # (e603's file, dated 2100 after its updated_time in a new partition, is read by full builds only)
    tomorrow = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    # (a day glob per day, or a month glob for a whole month: which, depends on today's date)
    partitions = {p: p.name[len("ingested_time=") :][:10] for p in (root / "events").iterdir()}
    in_window = sorted(str(p) for p, day in partitions.items() if "2026-11-01" <= day <= tomorrow)
    assert in_window and (landing == "in place" or len(in_window) < len(partitions))  # 2100 left out
    for compiled in (staging / "stg_fullstory__events.sql", staging.parent / "events.sql"):
        globs = re.findall(r"'([^']*/ingested_time=[^']*)'", compiled.read_text())
        assert globs and all(g.endswith("*/*.parquet") for g in globs), compiled.name
        read = sorted(str(p) for p in partitions if any(fnmatch.fnmatchcase(f"{p}/part.parquet", g) for g in globs))
        assert read == in_window, compiled.name
    # a full refresh of events alone reads every file, not the staging view of the last run
    refresh = json.dumps({**variables, "fullstory_allow_full_refresh": True})
    rebuilt = dbt(
        "build", "-s", "events", "--full-refresh", "--vars", refresh,
        project=integration_project, database=database, **machine,
    )  # fmt: skip
    assert "PASS events_equal_expected" in rebuilt.stdout, rebuilt.stdout[-3000:]
    assert f"['{root}/events/ingested_time=*/*.parquet']" in (staging.parent / "events.sql").read_text()


def test_a_new_org_id_reaches_every_stored_session(integration_project, tmp_path):
    """sessions is incremental, but replay_url depends on vars: when they change,
    the next run rebuilds every session, not only those with new events."""
    database = tmp_path / "org.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 2)
    dbt("run", "--exclude", "scenario_events_source", project=integration_project, database=database)
    dbt(
        "run",
        "--exclude",
        "scenario_events_source",
        "--vars",
        "{fullstory_org_id: o-NEW-2}",
        project=integration_project,
        database=database,
    )  # no new source rows
    with duckdb.connect(str(database), read_only=True) as con:
        urls = con.execute("select replay_url, full_session_id from analytics.sessions").fetchall()
        last = con.execute("select last_replay_url from analytics.users").fetchall()
        expected_sessions = con.execute("select count(*) from analytics.expected_sessions").fetchone()[0]
    assert len(urls) == expected_sessions
    assert all(url == f"https://app.eu1.fullstory.com/ui/o-NEW-2/session/{key}" for url, key in urls), urls
    assert all("/o-NEW-2/" in url for (url,) in last)


def test_a_changed_time_zone_or_conversion_reaches_every_stored_session(integration_project, tmp_path):
    """start_date and the conversion counts depend on vars, not only on events:
    with no new source rows, the next run re-stamps every stored session, and
    sessions and users then equal a full refresh with the new vars."""
    database = tmp_path / "settings.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 2)
    dbt("run", "--exclude", "scenario_events_source", project=integration_project, database=database)
    changed = (
        "{fullstory_timezone: Asia/Tokyo, fullstory_conversions: [{name: orders, event_definition_id: ev-order},"
        " {name: newsletter, event_definition_id: ev-newsletter}, {name: identified, event_type: identify}]}"
    )
    # sessions alone reads the settings the last run wrote: it stops rather than build with them
    alone = dbt("run", "-s", "sessions", "--vars", changed, project=integration_project, database=database, check=False)
    assert alone.returncode != 0
    assert (
        "holds other values of fullstory_timezone, fullstory_conversions than this run's vars make" in alone.stdout
        and "Build it in the same run: dbt build -s fullstory_settings sessions." in alone.stdout
    ), alone.stdout[-3000:]
    run = dbt("run", "--exclude", "scenario_events_source", "--vars", changed,
              project=integration_project, database=database)  # fmt: skip
    assert "this run rebuilds all of its rows" in run.stdout
    query = {m: f"select * from analytics.{m} order by all" for m in ("sessions", "users", "pages")}
    with duckdb.connect(str(database), read_only=True) as con:
        incremental = {m: con.execute(q).fetchall() for m, q in query.items()}
        hand_checked = con.execute(
            "select full_session_id, start_date, total_orders_conversions from analytics.sessions"
            " where full_session_id in ('101:7001', '701:9201', '701:9202')"
        ).fetchall()
        page_dates = con.execute(
            "select full_view_id, start_date from analytics.pages where full_view_id in ('101:7001:1', '701:9202:50')"
        ).fetchall()
    assert sorted(page_dates) == [
        ("101:7001:1", datetime.date(2026, 11, 1)),
        ("701:9202:50", datetime.date(2026, 11, 2)),
    ]
    # Tokyo is UTC+9 all year: 09:59:59 UTC is 18:59:59, 04:30 UTC 13:30; ev-order is e704 only
    assert sorted(hand_checked) == [
        ("101:7001", datetime.date(2026, 11, 1), 0),
        ("701:9201", datetime.date(2026, 11, 1), 1),
        ("701:9202", datetime.date(2026, 11, 2), 0),
    ]
    again = dbt("run", "--exclude", "scenario_events_source", "--vars", changed,
                project=integration_project, database=database)  # fmt: skip
    assert "this run rebuilds all of its rows" not in again.stdout  # recorded: the next run is incremental again
    dbt("run", "--exclude", "scenario_events_source", "events", "--full-refresh", "--vars", changed,
        project=integration_project, database=database)  # fmt: skip
    with duckdb.connect(str(database), read_only=True) as con:
        assert {m: con.execute(q).fetchall() for m, q in query.items()} == incremental


def test_a_raised_then_lowered_min_event_time_equals_a_full_refresh(integration_project, tmp_path):
    """fullstory_min_event_time raised with no new source rows: events drops
    the events before it and the models on it rebuild (the next run kept all
    of them before: 2,174 events where a full refresh had 1,273); lowered
    back, the run loads the synced rows between the two, and every model
    equals the hand-checked expected CSVs again."""
    database = tmp_path / "minimum.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 2)
    dbt("run", "--exclude", "scenario_events_source", project=integration_project, database=database)
    raised = ["--vars", "{fullstory_min_event_time: '2026-11-02'}"]
    run = dbt("run", "--exclude", "scenario_events_source", *raised, project=integration_project, database=database)
    assert "this run deletes the events before it" in run.stdout, run.stdout[-3000:]
    with duckdb.connect(str(database), read_only=True) as con:
        early = con.execute("select count(*) from analytics.events where event_time < '2026-11-02'").fetchone()[0]
        sessions = {key for (key,) in con.execute("select full_session_id from analytics.sessions").fetchall()}
    assert early == 0
    # 101:7001 (Nov 1) is gone; 101:7002 (Nov 2 08:00) and 701:9202 (Nov 2 04:30) stay
    assert "101:7001" not in sessions and {"101:7002", "701:9202"} <= sessions, sessions
    full = tmp_path / "full.duckdb"
    shutil.copy(database, full)
    refresh = ["--vars", "{fullstory_min_event_time: '2026-11-02', fullstory_allow_full_refresh: true}"]
    dbt("run", "--exclude", "scenario_events_source", "--full-refresh", *refresh,
        project=integration_project, database=full)  # fmt: skip
    assert model_differences(database, full) == {}
    lowered = dbt("build", "--exclude", "scenario_events_source", project=integration_project, database=database)
    assert "this run loads the synced events between the two" in lowered.stdout, lowered.stdout[-3000:]
    assert "ERROR=0" in lowered.stdout and all(f"PASS {m}_equal_expected" in lowered.stdout for m in MODELS)


def test_users_run_before_sessions_after_a_changed_conversion_catches_up(integration_project, tmp_path):
    """A conversion's definition changes (same name) and `dbt run -s users` runs
    before sessions has applied it: users can only sum the sessions as they
    stand, but once sessions has the new definition the next users run
    rebuilds every user (a definition changes no updated_time), and both
    equal a full refresh with the new definition."""
    database = tmp_path / "order.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 2)
    # no lookback: an incremental users run rebuilds only the devices with the newest sessions
    lookback = "fullstory_incremental_interval: 0"
    dbt("run", "--exclude", "scenario_events_source", "--vars", f"{{{lookback}}}",
        project=integration_project, database=database)  # fmt: skip
    changed = (  # orders: the identify events instead of "Order Completed"
        f"{{{lookback}, fullstory_conversions: [{{name: orders, event_type: identify}},"
        " {name: newsletter, event_definition_id: ev-newsletter}, {name: Identified, event_type: identify}]}"
    )
    for selection in (["-s", "fullstory_settings", "users"], ["--exclude", "scenario_events_source"]):
        dbt("run", *selection, "--vars", changed, project=integration_project, database=database)
    query = {m: f"select * from analytics.{m} order by all" for m in ("sessions", "users")}
    with duckdb.connect(str(database), read_only=True) as con:
        incremental = {m: con.execute(q).fetchall() for m, q in query.items()}
        orders = con.execute("select sum(total_orders_conversions) from analytics.users").fetchone()[0]
        identified = con.execute("select sum(total_identified_conversions) from analytics.users").fetchone()[0]
    assert orders == identified > 0  # the new definition reached users
    dbt("run", "--exclude", "scenario_events_source", "--full-refresh", "--vars", changed,
        project=integration_project, database=database)  # fmt: skip
    with duckdb.connect(str(database), read_only=True) as con:
        assert {m: con.execute(q).fetchall() for m, q in query.items()} == incremental


def test_full_refresh_leaves_events_alone_unless_allowed(integration_project, tmp_path):
    database = tmp_path / "guard.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 2)
    dbt("run", "--exclude", "scenario_events_source", project=integration_project, database=database)
    with duckdb.connect(str(database)) as con:  # a mark that only a rebuild removes
        con.execute("update analytics.events set event_type = 'marked' where event_id = 'e102'")  # outside the lookback

    def marked():
        with duckdb.connect(str(database), read_only=True) as con:
            return con.execute("select count(*) from analytics.events where event_type = 'marked'").fetchone()[0]

    guarded = dbt("run", "-s", "events", "--full-refresh", project=integration_project, database=database)
    assert "--full-refresh does not rebuild" in guarded.stdout
    assert marked() == 1

    dbt(
        "run",
        "-s",
        "events",
        "--full-refresh",
        "--vars",
        "{fullstory_allow_full_refresh: true}",
        project=integration_project,
        database=database,
    )
    assert marked() == 0


def test_an_events_table_of_an_older_version_names_the_rebuild(integration_project, tmp_path):
    """An events table built before a release added columns (here two of those
    the payloads give): an incremental run would add them NULL for every stored
    event, so it stops naming them and the rebuild, and the rebuild fills them."""
    database = tmp_path / "upgrade.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 2)
    dbt("run", "--exclude", "scenario_events_source", project=integration_project, database=database)
    filled = "select count(fs_rage_count), count(event_name) from analytics.events"
    with duckdb.connect(str(database)) as con:
        before = con.execute(filled).fetchone()
        assert before[0] > 0 and before[1] > 0, before  # the scenario has clicks and named events
        con.execute("alter table analytics.events drop column fs_rage_count")
        con.execute("alter table analytics.events drop column event_name")

    result = dbt("run", "-s", "events", project=integration_project, database=database, check=False)
    assert result.returncode != 0
    assert "lacks the columns event_name, fs_rage_count." in result.stdout, result.stdout[-3000:]
    rebuild = "dbt build -s events+ --full-refresh --vars '{fullstory_allow_full_refresh: true}'"
    assert rebuild in result.stdout

    dbt(*rebuild.split()[1:6], "{fullstory_allow_full_refresh: true}", project=integration_project, database=database)
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute(filled).fetchone() == before


def test_a_python_model_run_before_its_input_says_what_to_build(integration_project, tmp_path):
    database = tmp_path / "early.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 1)
    result = dbt("run", "-s", "sessions", project=integration_project, database=database, check=False)
    assert result.returncode != 0
    assert (
        'dbt_fullstory: sessions reads events ("early"."analytics"."events") and fullstory_settings'
        ' ("early"."analytics"."fullstory_settings"), which are not built yet.'
        " Build them first: dbt build -s +sessions." in result.stdout
    ), result.stdout[-3000:]
    assert "Traceback" not in result.stdout  # stopped before the model's Python ran


def test_a_changed_event_type_list_names_the_rebuild(integration_project, tmp_path):
    database = tmp_path / "types.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 1)
    built = (
        "run",
        "-s",
        "+sessions",
        "+pages",
        "--exclude",
        "scenario_events_source",
    )  # pages: its tests read sessions
    dbt(*built, project=integration_project, database=database)
    result = dbt(
        "run",
        "-s",
        "sessions",
        "--vars",
        "{fullstory_event_types: [click, navigate, identify, page_view]}",
        project=integration_project,
        database=database,
        check=False,
    )
    assert result.returncode != 0
    assert "fullstory_event_types changed since" in result.stdout, result.stdout[-3000:]
    assert "(added: page_view; removed: custom)" in result.stdout
    assert "dbt build -s fullstory_settings sessions users --full-refresh" in result.stdout
    rebuilt = dbt(
        "build",
        "-s",
        "fullstory_settings",
        "sessions",
        "users",
        "--full-refresh",
        "--exclude",  # this project's comparisons expect the project's event types
        "sessions_equal_expected",
        "users_equal_expected",
        "--vars",
        "{fullstory_event_types: [click, navigate, identify, page_view]}",
        project=integration_project,
        database=database,
    )  # the fix the message names works
    assert "ERROR=0" in rebuilt.stdout


def test_a_changed_conversion_list_names_the_rebuild(integration_project, tmp_path):
    database = tmp_path / "conversions.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 1)
    dbt("run", "-s", "+sessions", "--exclude", "scenario_events_source", project=integration_project, database=database)
    changed = (
        "{fullstory_conversions: [{name: orders, event_name: Order Completed}, {name: signup, event_type: identify}]}"
    )
    result = dbt(
        "run", "-s", "sessions", "--vars", changed, project=integration_project, database=database, check=False
    )
    assert result.returncode != 0
    assert "fullstory_conversions changed since" in result.stdout, result.stdout[-3000:]
    assert "(added: signup; removed: newsletter, identified)" in result.stdout
    assert "dbt build -s fullstory_settings sessions users --full-refresh" in result.stdout
    assert "Traceback" not in result.stdout


def test_pages_name_their_definitions_and_follow_a_rename(integration_project, tmp_path):
    """page_name is the page_definitions model's name for the view's
    page_definition_id (NULL for an id it does not know); a definition
    renamed later reaches the stored page views on the next run, with no new
    events, and pages then equals a full refresh."""
    database = tmp_path / "names.duckdb"
    dbt("seed", project=integration_project, database=database)
    load_batch(integration_project, database, 2)
    dbt(
        "run-operation", "create_scenario_definitions", "--args", "{schema: fullstory_configuration}",
        project=integration_project, database=database,
    )  # fmt: skip
    with duckdb.connect(str(database)) as con:
        con.execute(
            "insert into fullstory_configuration.page_definitions (id, name, description, state, modified_time)"
            " values ('pg-checkout', 'Checkout', null, 'active', timestamp '2026-09-01 09:00:00')"
        )
    variables = ("--vars", "{fullstory_definitions: true, fullstory_definitions_schema: fullstory_configuration}")
    run = ("run", "--exclude", "scenario_events_source", *variables)
    dbt(*run, project=integration_project, database=database)

    def names():
        with duckdb.connect(str(database), read_only=True) as con:
            return dict(
                con.execute(
                    "select full_view_id, page_name from analytics.pages where page_definition_id is not null"
                ).fetchall()
            )

    assert names() == {"701:9201:40": "Checkout", "701:9201:42": None}  # pg-help is not defined
    with duckdb.connect(str(database)) as con:  # renamed: a later version of the definition
        con.execute(
            "insert into fullstory_configuration.page_definitions (id, name, description, state, modified_time)"
            " values ('pg-checkout', 'Checkout (new)', null, 'active', timestamp '2026-09-09 09:00:00')"
        )
    renamed = dbt(*run, project=integration_project, database=database)
    assert "pages was built with other values" in renamed.stdout
    assert names() == {"701:9201:40": "Checkout (new)", "701:9201:42": None}
    full = tmp_path / "full.duckdb"
    shutil.copy(database, full)
    dbt(*run, "-s", "pages", "--full-refresh", project=integration_project, database=full)
    assert model_differences(database, full, ("pages",)) == {}
