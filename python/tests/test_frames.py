"""Unit tests of python/fullstory_frames/, the Python models' logic: no dbt,
no warehouse; DuckDB in memory. They run in well under a second."""

import ast
import datetime

import duckdb
import pytest

import generate_models
from conftest import ROOT
from fullstory_frames import vocabulary as v
from fullstory_frames.choose_engine import engine_for
from fullstory_frames.dataframe_engine import DataFrameEngine
from fullstory_frames.duckdb_engine import DuckDBEngine
from fullstory_frames.engine import Engine
from fullstory_frames.pages import build_pages
from fullstory_frames.sessions import build_sessions, sessions_since
from fullstory_frames.settings import Settings
from fullstory_frames.users import build_users, users_since

NODES = [*v.Expr.__subclasses__(), *v.Aggregate.__subclasses__()]
ENGINES = [DuckDBEngine, DataFrameEngine]
SETTINGS = Settings(("click", "navigate"), "https://app.fullstory.com/ui/o-1/session/", datetime.timedelta(days=1))


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.__name__)
def test_every_node_has_a_translation_in_every_engine(engine):
    assert len(NODES) == 20  # a new node is added to this count knowingly
    missing = [node.__name__ for node in NODES if not callable(getattr(engine, f"translate_{node.__name__}", None))]
    assert missing == []
    assert not engine.__abstractmethods__  # every method of the Engine interface
    assert issubclass(engine, Engine)


def test_an_unknown_node_names_itself():
    class Unknown(v.Expr):
        pass

    engine = DuckDBEngine(duckdb.connect(), duckdb.sql("select 1 as x"))
    with pytest.raises(TypeError, match="DuckDBEngine cannot translate"):
        engine.translate(Unknown())


EVENTS = """
    select * from (values
      -- device 1, session 10: anonymous click at :00, then identifies as u1 at :05 and navigates
      ('e1', timestamp '2026-01-01 10:00:00', timestamp '2026-01-01 11:00:00', 1, 10, '1:10', 'click', 'web',
       null, 'https://a/x', 'Chrome'),
      ('e2', timestamp '2026-01-01 10:05:00.5', timestamp '2026-01-01 11:00:00', 1, 10, '1:10', 'navigate', 'web',
       'u1', 'https://a/y', null),
      -- device 1, session 11 (the next day): never identified itself, takes the device's identity
      ('e3', timestamp '2026-01-02 09:00:00', timestamp '2026-01-02 09:30:00', 1, 11, '1:11', 'navigate', 'server',
       null, 'https://a/y', 'Firefox'),
      -- device 2: anonymous
      ('e4', timestamp '2026-01-01 12:00:00', timestamp '2026-01-01 12:00:00', 2, 20, '2:20', 'click', 'mobile_app',
       null, null, null),
      -- no session (a server event): not in sessions
      ('e5', timestamp '2026-01-01 12:00:00', timestamp '2026-01-01 12:00:00', 2, null, null, 'custom', 'server',
       null, null, null)
    ) as t(event_id, event_time, updated_time, device_id, session_id, full_session_id, event_type, source_type,
           user_id, url_full_url, device_browser)
"""
OTHER_EVENT_COLUMNS = [
    "user_email",
    "user_display_name",
    "initial_referrer_full_url",
    "device_user_agent",
    "device_type",
    "device_operating_system",
    "device_browser_version",
    "geo_country",
    "geo_region",
    "geo_city",
    "geo_lat_long",
    "event_name",
    "event_definition_id",
    "fs_error_kind",
]
# the click signals, bigint; NULL on every event here (no frustration in these fixtures)
COUNT_COLUMNS = ["fs_rage_count", "fs_dead_count"]


@pytest.fixture
def con():
    con = duckdb.connect()
    nulls = ", ".join(
        [f"cast(null as varchar) as {c}" for c in OTHER_EVENT_COLUMNS]
        + [f"cast(null as bigint) as {c}" for c in COUNT_COLUMNS]
    )
    con.execute(f"create table events as select *, {nulls} from ({EVENTS})")
    return con


def rows(relation):
    return {r[0]: dict(zip(relation.columns, r, strict=True)) for r in relation.fetchall()}


def built_sessions(con, since=None, stored=None):
    engine = engine_for(con, con.table("events"), read_table=lambda connection, this: connection.table(this))
    stored = None if stored is None else engine.stored(stored)
    return engine.finish(build_sessions(engine, engine.start(), SETTINGS, since=since, stored=stored))


def test_sessions_hand_checked(con):
    sessions = rows(built_sessions(con))
    assert sorted(sessions) == ["1:10", "1:11", "2:20"]
    first = sessions["1:10"]
    assert (first["user_id"], first["identified_user_id"], first["is_identified"]) == ("u1", "u1", True)
    assert first["duration_seconds"] == 300  # 5 min 0.5 s, truncated
    assert (first["total_events"], first["total_click_events"], first["total_navigate_events"]) == (2, 1, 1)
    assert (first["landing_url"], first["exit_url"], first["device_browser"]) == (
        "https://a/x",
        "https://a/y",
        "Chrome",
    )
    assert first["replay_url"] == "https://app.fullstory.com/ui/o-1/session/1:10"
    later = sessions["1:11"]
    assert (later["user_id"], later["identified_user_id"], later["is_identified"]) == ("u1", None, True)
    assert (later["total_server_events"], later["source_type"]) == (1, None)  # server events give no source_type
    anonymous = sessions["2:20"]
    assert (anonymous["user_id"], anonymous["is_identified"]) == ("anon_2", False)


def test_users_hand_checked(con):
    built_sessions(con).create("sessions")
    engine = engine_for(con, con.table("sessions"))
    users = rows(engine.finish(build_users(engine, engine.start(), SETTINGS)))
    assert sorted(users) == ["anon_2", "u1"]
    assert (users["u1"]["total_sessions"], users["u1"]["total_events"], users["u1"]["total_devices"]) == (2, 3, 1)
    assert users["u1"]["last_replay_url"].endswith("/1:11")
    assert users["anon_2"]["total_mobile_app_sessions"] == 1


@pytest.mark.parametrize(
    "stale_stored_identity,written",
    [
        pytest.param("", ["1:11"], id="identity unchanged: the other session is not written"),
        pytest.param(", user_id = 'anon_1', is_identified = false", ["1:10", "1:11"], id="user_id changed"),
        pytest.param(", is_identified = false", ["1:10", "1:11"], id="only is_identified changed"),
    ],
)
def test_an_incremental_run_rebuilds_the_touched_sessions_and_restamps_their_devices(
    con, stale_stored_identity, written
):
    """Only e3 (session 1:11) is updated on or after `since`: 1:11 is rebuilt
    from its events, and 1:10, the device's other session, comes from the
    stored table with its user_id re-derived, and is written only where that
    changes its stored identity; device 2 is left alone."""
    built_sessions(con).create("stored")
    kept = "user_email = 'kept from the stored row'"
    con.execute(f"update stored set {kept}{stale_stored_identity} where full_session_id = '1:10'")
    con.execute("update events set device_browser = 'Edge' where event_id in ('e1', 'e3')")  # e1 is not re-read
    since = datetime.datetime(2026, 1, 2)
    sessions = rows(built_sessions(con, since=since, stored="stored"))
    assert sorted(sessions) == written
    assert (sessions["1:11"]["device_browser"], sessions["1:11"]["user_id"]) == ("Edge", "u1")  # the device's identity
    if "1:10" in sessions:
        restamped = sessions["1:10"]
        assert (restamped["user_id"], restamped["is_identified"]) == ("u1", True)
        assert (restamped["user_email"], restamped["device_browser"]) == ("kept from the stored row", "Chrome")


def built_users(con, sessions, since=None, stored=None):
    engine = engine_for(con, con.table(sessions), read_table=lambda connection, this: connection.table(this))
    stored = None if stored is None else engine.stored(stored)
    return engine.finish(build_users(engine, engine.start(), SETTINGS, since=since, stored=stored))


def test_an_incremental_users_run_rebuilds_only_the_changed_users(con):
    """Stored: device 1 before e2 identified it (anon_1, two sessions), device 2
    (anon_2). e2 arrives (updated 2026-01-02 10:00): u1 is built with both
    sessions; anon_1, left without a session, has no row (the post-hook
    deletes its stored one), and anon_2, unchanged, is not written."""
    con.execute("create table later as select * from events")
    con.execute("update later set updated_time = timestamp '2026-01-02 10:00:00' where event_id = 'e2'")
    con.execute("delete from events where event_id = 'e2'")
    built_sessions(con).create("sessions_before")
    built_users(con, "sessions_before").create("stored")
    assert sorted(rows(con.table("stored"))) == ["anon_1", "anon_2"]
    con.execute("create or replace table events as select * from later")
    built_sessions(con).create("sessions_after")
    users = rows(built_users(con, "sessions_after", since=datetime.datetime(2026, 1, 2), stored="stored"))
    assert sorted(users) == ["u1"]
    assert (users["u1"]["total_sessions"], users["u1"]["total_events"], users["u1"]["is_identified"]) == (2, 3, True)
    # a stored user whose total_sessions is not what sessions holds is rebuilt, untouched or not
    con.execute("update stored set total_sessions = 5 where user_id = 'anon_2'")
    users = rows(built_users(con, "sessions_after", since=datetime.datetime(2026, 1, 2), stored="stored"))
    assert sorted(users) == ["anon_2", "u1"]
    assert users["anon_2"]["total_sessions"] == 1


def built_pages(con, sessions, since=None, stored=None):
    engine = engine_for(con, con.table("events"), read_table=lambda connection, this: connection.table(this))
    stored = None if stored is None else engine.stored(stored)
    definitions = engine.input(con.sql("select cast(null as varchar) as id, cast(null as varchar) as name limit 0"))
    frame = build_pages(engine, engine.start(), engine.input(con.table(sessions)), definitions, SETTINGS, since, stored)
    return engine.finish(frame)


@pytest.mark.parametrize("stale", [False, True], ids=["user_id unchanged", "user_id changed"])
def test_an_incremental_pages_run_writes_the_other_page_views_whose_user_id_changed(con, stale):
    """Page views are the views of e2 and e3 (view 1 each); e3's session 1:11 is
    touched, so its view is rebuilt, and 1:10's view is written only if the
    user_id it holds differs from its session's."""
    con.execute("alter table events add column view_id bigint")
    con.execute("update events set view_id = 1 where event_id in ('e2', 'e3')")
    con.execute("alter table events add column url_host varchar")
    con.execute("alter table events add column url_path varchar")
    con.execute("alter table events add column page_definition_id varchar")
    built_sessions(con).create("sessions")
    built_pages(con, "sessions").create("stored")
    if stale:
        con.execute("update stored set user_id = 'anon_1' where full_session_id = '1:10'")
    pages = rows(built_pages(con, "sessions", since=datetime.datetime(2026, 1, 2), stored="stored"))
    assert sorted(pages) == (["1:10:1", "1:11:1"] if stale else ["1:11:1"])
    assert {view["user_id"] for view in pages.values()} == {"u1"}


def test_a_uid_that_begins_with_anon_is_not_taken_for_a_device(con):
    """Device 1 identifies as anon_2, the anonymous id of device 2: the two
    stay apart (anon_anon_2 and anon_2), and identified_user_id keeps the uid."""
    con.execute("update events set user_id = 'anon_2' where event_id = 'e2'")
    sessions = rows(built_sessions(con))
    assert (sessions["1:10"]["user_id"], sessions["1:10"]["identified_user_id"]) == ("anon_anon_2", "anon_2")
    assert (sessions["1:11"]["user_id"], sessions["1:11"]["is_identified"]) == ("anon_anon_2", True)
    assert (sessions["2:20"]["user_id"], sessions["2:20"]["is_identified"]) == ("anon_2", False)


def moved(con, event_id, **changes):
    """A re-synced copy of event_id with other values, written on 2026-01-03."""
    sets = ", ".join(f"{column} = {'null' if value is None else repr(value)}" for column, value in changes.items())
    con.execute(
        f"update events set {sets}, updated_time = timestamp '2026-01-03 00:00:00' where event_id = '{event_id}'"
    )


def test_an_event_that_moves_to_another_session_leaves_its_old_session_rebuilt(con):
    """e1 (1:10) is re-synced into session 11: 1:11 is rebuilt with it, and
    1:10, none of whose events changed, is rebuilt too, from the one event it
    holds now; device 2 is left alone."""
    built_sessions(con).create("stored")
    moved(con, "e1", session_id=11, full_session_id="1:11")
    sessions = rows(built_sessions(con, since=datetime.datetime(2026, 1, 2, 12), stored="stored"))
    assert sorted(sessions) == ["1:10", "1:11"]
    assert (sessions["1:10"]["total_events"], sessions["1:10"]["landing_url"]) == (1, "https://a/y")
    assert (sessions["1:11"]["total_events"], sessions["1:11"]["total_click_events"]) == (2, 1)


def test_a_session_whose_every_event_moved_is_emptied_for_the_post_hook(con):
    """e4, device 2's only session event, is re-synced into session 21 and
    e5 into none: 2:20 holds no event now, and is written with total_events 0,
    which the model's post-hook deletes (delete_emptied_rows)."""
    built_sessions(con).create("stored")
    moved(con, "e4", session_id=21, full_session_id="2:21")
    sessions = rows(built_sessions(con, since=datetime.datetime(2026, 1, 2, 12), stored="stored"))
    assert sorted(sessions) == ["2:20", "2:21"]
    assert sessions["2:20"]["total_events"] == 0 and sessions["2:21"]["total_events"] == 1
    # an event that leaves its session for none: the session counts it no more
    built_sessions(con).create("stored_after")
    moved(con, "e4", session_id=None, full_session_id=None)
    con.execute("update events set updated_time = timestamp '2026-01-04 00:00:00' where event_id = 'e4'")  # later
    sessions = rows(built_sessions(con, since=datetime.datetime(2026, 1, 3, 12), stored="stored_after"))
    assert sorted(sessions) == ["2:21"] and sessions["2:21"]["total_events"] == 0


def test_an_event_that_moves_to_another_view_empties_its_old_page_view(con):
    """e3 (1:11, view 1) is re-synced into view 2 of its session: the
    session's page views are replaced whole, and 1:11:1, which no event holds
    now, is written with total_events 0 for the post-hook to delete."""
    con.execute("alter table events add column view_id bigint")
    con.execute("update events set view_id = 1 where event_id in ('e2', 'e3')")
    for column in ("url_host", "url_path", "page_definition_id"):
        con.execute(f"alter table events add column {column} varchar")
    built_sessions(con).create("sessions")
    built_pages(con, "sessions").create("stored")
    moved(con, "e3", view_id=2)
    pages = rows(built_pages(con, "sessions", since=datetime.datetime(2026, 1, 2, 12), stored="stored"))
    assert {view: page["total_events"] for view, page in pages.items()} == {"1:11:1": 0, "1:11:2": 1}


def test_an_incremental_run_reads_events_from_the_earliest_time_a_touched_session_holds(con):
    built_sessions(con).create("stored")
    engine = engine_for(con, con.table("events"), read_table=lambda connection, this: connection.table(this))
    frame = build_sessions(engine, engine.start(), SETTINGS, datetime.datetime(2026, 1, 2), engine.stored("stored"))
    sql = engine.finish(frame).sql_query()
    # e3 (2026-01-02 09:00, session 1:11, stored from 09:00 too): the read starts there
    assert "(\"event_time\" >= timestamp '2026-01-02 09:00:00')" in sql


def test_an_incremental_run_with_nothing_new_builds_no_row(con):
    built_sessions(con).create("stored")
    assert rows(built_sessions(con, since=datetime.datetime(2026, 2, 1), stored="stored")) == {}


PREFIX = SETTINGS.replay_url_prefix


@pytest.mark.parametrize(
    "stored_rows,since",
    [
        pytest.param([("1:10", "2026-01-03", PREFIX)], datetime.datetime(2026, 1, 2), id="newest minus the interval"),
        # a bad row's updated_time in 2100 would put `since` past every change still to come
        pytest.param(
            [("1:10", "2026-01-03", PREFIX), ("9:9", "2100-01-01", PREFIX)],
            datetime.datetime(2026, 1, 2),
            id="a future time does not count",
        ),
        # fullstory_replay_host changed: every stored replay_url is stale
        pytest.param([("1:10", "2026-01-03", "https://app.eu1.fullstory.com/ui/o-1/session/")], None, id="new host"),
        pytest.param([], None, id="nothing stored"),
    ],
)
def test_since_from_the_stored_sessions(con, stored_rows, since):
    con.execute("create table stored_sessions (full_session_id varchar, updated_time timestamp, replay_url varchar)")
    for full_session_id, updated, prefix in stored_rows:
        con.execute(
            "insert into stored_sessions values (?, ?, ?)", [full_session_id, updated, prefix + full_session_id]
        )

    def read_table(connection, this):  # injected: the stored table under another name
        assert this == "the stored sessions"
        return connection.table("stored_sessions")

    engine = engine_for(con, con.table("events"), read_table=read_table)
    assert sessions_since(engine, "the stored sessions", SETTINGS) == since


@pytest.mark.parametrize(
    "stored_rows,since",
    [
        pytest.param(
            [("u1", "2026-01-03", PREFIX + "1:10")], datetime.datetime(2026, 1, 2), id="newest minus the interval"
        ),
        pytest.param(
            [("u1", "2026-01-03", PREFIX + "1:10"), ("u9", "2100-01-01", PREFIX + "9:9")],
            datetime.datetime(2026, 1, 2),
            id="a future time does not count",
        ),
        # fullstory_org_id or fullstory_replay_host changed: sessions rebuilt every replay_url
        pytest.param([("u1", "2026-01-03", "https://app.eu1.fullstory.com/ui/o-1/session/1:10")], None, id="new host"),
        pytest.param([("u1", "2026-01-03", None)], None, id="an org id set since"),
        pytest.param([], None, id="nothing stored"),
    ],
)
def test_since_from_the_stored_users(con, stored_rows, since):
    con.execute("create table stored_users (user_id varchar, updated_time timestamp, last_replay_url varchar)")
    for row in stored_rows:
        con.execute("insert into stored_users values (?, ?, ?)", list(row))
    engine = engine_for(con, con.table("events"), read_table=lambda connection, this: connection.table(this))
    assert users_since(engine, "stored_users", SETTINGS) == since
    # with no org id (no replay links), a stored link is stale and a NULL one current
    unset = Settings(SETTINGS.event_types, None, SETTINGS.incremental_interval)
    current = bool(stored_rows) and all(url is None for _, _, url in stored_rows)
    assert users_since(engine, "stored_users", unset) == (datetime.datetime(2026, 1, 2) if current else None)


def test_settings_from_the_rows_of_fullstory_settings():
    # every value is text in the table; NULL for a replay link without an org id
    rows = {
        "fullstory_event_types": "click,navigate",
        "fullstory_replay_url_prefix": None,
        "fullstory_incremental_interval_seconds": "3600",
    }
    assert Settings.from_values(rows) == Settings(("click", "navigate"), None, datetime.timedelta(hours=1))
    assert Settings.from_values({"fullstory_event_types": ""}).event_types == ()
    assert Settings.from_values({"fullstory_incremental_interval_seconds": "0"}).incremental_interval == (
        datetime.timedelta(0)
    )


def test_the_models_are_generated_from_the_current_package():
    assert generate_models.main(["--check"]) == 0


@pytest.mark.parametrize("name", ["sessions", "users", "pages"])
def test_a_model_starts_with_its_model_and_carries_only_what_it_uses(name):
    tree = ast.parse((ROOT / "models" / f"{name}.py").read_text())
    definitions = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    assert definitions[0] == "model"
    builders = {"build_sessions", "build_users", "build_pages"}
    assert f"build_{name}" in definitions and not (builders - {f"build_{name}"}) & set(definitions)
    if name == "users":  # nodes only the sessions logic builds
        assert not {"Concat", "Coalesce", "Ne", "WholeSecondsBetween", "session_columns"} & set(definitions)
