"""The pages model: one row per page view (full_view_id), from the events model."""

from .incremental import emptied_rows, touched_rows
from .sessions import (
    CLICK_SIGNAL_COLUMNS,
    EVENT_ORDER,
    click_signal_aggregates,
    column_names,
    is_frustrated,
    rebuilt_or_changed,
    replay_url,
)
from .vocabulary import (
    All,
    Col,
    Concat,
    Count,
    DateInZone,
    Earliest,
    Eq,
    Lit,
    Max,
    Min,
    NotNull,
    WholeSecondsBetween,
)

VIEW_KEY = ("full_session_id", "device_id", "session_id", "view_id")
# a view's place in its session: by start_time, ties by the smaller view_id
VIEW_ORDER = ("start_time", "view_id")


def page_aggregates():
    has_url = NotNull(Col("url_full_url"))
    return [
        ("start_time", Min(Col("event_time"))),
        ("end_time", Max(Col("event_time"))),
        # the URL parts of one event: the first that has a url_full_url, NULL parts included
        ("page_url", Earliest(Col("url_full_url"))),
        ("page_host", Earliest(Col("url_host"), where=has_url, skip_nulls=False)),
        ("page_path", Earliest(Col("url_path"), where=has_url, skip_nulls=False)),
        ("page_definition_id", Earliest(Col("page_definition_id"))),
        ("total_events", Count()),
        *click_signal_aggregates(),
        ("total_exceptions", Count(Eq(Col("event_type"), Lit("exception")))),
        ("updated_time", Max(Col("updated_time"))),
    ]


def page_columns(settings):
    return [
        ("full_view_id", Concat((Col("full_session_id"), Lit(":"), Col("view_id")))),
        *VIEW_KEY,
        "user_id",
        "start_time",
        "end_time",
        ("duration_seconds", WholeSecondsBetween(Col("start_time"), Col("end_time"))),
        ("start_date", DateInZone(Col("start_time"), settings.timezone)),
        "page_url",
        "page_host",
        "page_path",
        "page_definition_id",
        "page_name",
        "view_number",
        ("is_landing_page", Eq(Col("view_number"), Lit(1))),
        ("is_exit_page", Eq(Col("view_number"), Col("session_views"))),
        "total_events",
        *CLICK_SIGNAL_COLUMNS,
        ("is_frustrated", is_frustrated()),
        "total_exceptions",
        "updated_time",
        ("replay_url", replay_url(settings, Col("full_session_id"))),
    ]


def build_pages(engine, events, sessions, page_definitions, settings, since=None, stored=None):
    """One row per page view, from the deduplicated events model; user_id is
    the sessions model's, page_name the page_definitions model's.

    since, stored: as for sessions, the page views of the sessions that have
    an event updated at or after `since` (with a view or not) are rebuilt from
    their own events, all of each session's views (view_number is the
    session's); the other stored page views of their devices (`stored`, the
    model's table) take the user_id their session has now, and are returned
    where it changed.
    """
    others = None
    if since is None:
        session_events = engine.filter(events, NotNull(Col("full_session_id")))
    else:
        in_views = All((NotNull(Col("session_id")), NotNull(Col("view_id"))))
        session_events, rebuilt, others = touched_rows(engine, events, stored, since, in_views)
    view_events = engine.filter(session_events, NotNull(Col("view_id")))
    views = engine.aggregate(view_events, VIEW_KEY, page_aggregates(), EVENT_ORDER)
    views = engine.number_rows(views, ("full_session_id",), VIEW_ORDER, "view_number", "session_views")
    names = engine.select(page_definitions, [("page_definition_id", Col("id")), ("page_name", Col("name"))])
    named = engine.left_join(views, names, ("page_definition_id",))  # the definitions model is unique on id
    body_columns = [c for c in page_columns(settings) if c != "user_id"]
    body = engine.select(named, body_columns)
    if others is not None:
        body = engine.union(
            engine.select(body, [*column_names(body_columns), ("stored_identity", Lit(None))]),
            engine.select(others, [*column_names(body_columns), ("stored_identity", Col("user_id"))]),
        )
    users = engine.select(sessions, ["full_session_id", "user_id"])
    resolved = engine.left_join(body, users, ("full_session_id",))
    if others is None:
        return engine.select(resolved, column_names(page_columns(settings)))
    written = engine.select(rebuilt_or_changed(engine, resolved, Col("user_id")), column_names(page_columns(settings)))
    # a rebuilt session's page views are replaced whole: a stored one that no event holds any longer goes
    views_made = engine.select(views, [("full_view_id", Concat((Col("full_session_id"), Lit(":"), Col("view_id"))))])
    emptied = emptied_rows(engine, stored, rebuilt, views_made, "full_view_id", column_names(page_columns(settings)))
    return engine.union(written, emptied)
