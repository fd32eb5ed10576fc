"""The pages model: one row per page view (full_view_id), from the events model."""

from .sessions import CLICK_SIGNAL_COLUMNS, EVENT_ORDER, click_signal_aggregates, is_frustrated, replay_url
from .vocabulary import (
    AtLeast,
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


def build_pages(engine, events, sessions, page_definitions, settings, since=None):
    """One row per page view, from the deduplicated events model; user_id is
    the sessions model's, page_name the page_definitions model's.

    since: as for sessions, the page views of the devices that have an event
    updated at or after this time are built (all of those devices' views, so
    that view_number and user_id are whole); the others are kept. Any session
    event counts, with a view or not: an identify event without a view_id
    still changes the user_id of the device's views.
    """
    session_events = engine.filter(events, NotNull(Col("full_session_id")))
    view_events = engine.filter(session_events, NotNull(Col("view_id")))
    if since is not None:
        changed = engine.filter(session_events, AtLeast(Col("updated_time"), Lit(since)))
        view_events = engine.semi_join(view_events, changed, ("device_id",))
    views = engine.aggregate(view_events, VIEW_KEY, page_aggregates(), EVENT_ORDER)
    views = engine.number_rows(views, ("full_session_id",), VIEW_ORDER, "view_number", "session_views")
    names = engine.select(page_definitions, [("page_definition_id", Col("id")), ("page_name", Col("name"))])
    users = engine.select(sessions, ["full_session_id", "user_id"])
    named = engine.left_join(views, names, ("page_definition_id",))  # the definitions model is unique on id
    return engine.select(engine.left_join(named, users, ("full_session_id",)), page_columns(settings))
