"""The sessions model: one row per full_session_id, from the events model."""

from .incremental import emptied_rows, touched_rows
from .vocabulary import (
    All,
    AnyOf,
    Coalesce,
    Col,
    Concat,
    Count,
    CountDistinct,
    DateInZone,
    Earliest,
    Eq,
    Greater,
    Latest,
    Lit,
    Max,
    Min,
    Ne,
    NotNull,
    PrefixedAgain,
    Sum,
    WholeSecondsBetween,
)

SOURCE_TYPES = ("web", "mobile_app", "server")
SESSION_KEY = ("full_session_id", "device_id", "session_id")
EVENT_ORDER = ("event_time", "event_id")
# Described by the latest non-NULL value in the session.
LATEST_DEVICE_COLUMNS = (
    "device_type",
    "device_operating_system",
    "device_browser",
    "device_browser_version",
    "device_user_agent",
    "geo_country",
    "geo_region",
    "geo_city",
    "geo_lat_long",
)


def event_type_column(event_type):
    return f"total_{event_type}_events"


# FullStory's frustration signals, counted over a session's or a page view's clicks
CLICK_SIGNAL_COLUMNS = ("total_clicks", "total_rage_clicks", "total_dead_clicks", "total_error_clicks")


def click_signal_aggregates():
    click = Eq(Col("event_type"), Lit("click"))
    return [
        ("total_clicks", Count(click)),
        # events.fs_*_count is 0 on a click without a count and NULL on other events
        ("total_rage_clicks", Sum(Coalesce((Col("fs_rage_count"), Lit(0))))),
        ("total_dead_clicks", Sum(Coalesce((Col("fs_dead_count"), Lit(0))))),
        ("total_error_clicks", Count(All((click, NotNull(Col("fs_error_kind")))))),
    ]


def is_frustrated():
    signals = ("total_rage_clicks", "total_dead_clicks", "total_error_clicks")
    return AnyOf(tuple(Greater(Col(c), Lit(0)) for c in signals))


def conversion_columns(conversion):
    return f"total_{conversion.name}_conversions", f"first_{conversion.name}_time"


def conversion_aggregates(settings):
    out = []
    for conversion in settings.conversions:
        counted = All(tuple(Eq(Col(column), Lit(value)) for column, value in conversion.criteria))
        total, first = conversion_columns(conversion)
        # the earliest by the event order is the min of event_time (a pick: one sort for all)
        out += [(total, Count(counted)), (first, Earliest(Col("event_time"), where=counted))]
    return out


def session_aggregates(settings):
    has_user = NotNull(Col("user_id"))
    navigate = Eq(Col("event_type"), Lit("navigate"))
    return [
        ("identified_user_id", Latest(Col("user_id"))),
        # When and where the session's identity was last seen: orders sessions
        # when a device's later identity is carried back to its other sessions.
        ("identified_event_time", Latest(Col("event_time"), where=has_user)),
        ("identified_event_id", Latest(Col("event_id"), where=has_user)),
        ("user_email", Latest(Col("user_email"))),
        ("user_display_name", Latest(Col("user_display_name"))),
        ("start_time", Min(Col("event_time"))),
        ("end_time", Max(Col("event_time"))),
        ("updated_time", Max(Col("updated_time"))),
        ("total_events", Count()),
        *[(event_type_column(t), Count(Eq(Col("event_type"), Lit(t)))) for t in settings.event_types],
        *[(f"total_{s}_events", Count(Eq(Col("source_type"), Lit(s)))) for s in SOURCE_TYPES],
        ("total_page_views", Count(navigate)),
        ("total_unique_urls", CountDistinct(Col("url_full_url"), where=navigate)),
        *click_signal_aggregates(),
        *conversion_aggregates(settings),
        ("landing_url", Earliest(Col("url_full_url"))),
        ("exit_url", Latest(Col("url_full_url"))),
        ("initial_referrer_full_url", Earliest(Col("initial_referrer_full_url"))),
        ("source_type", Latest(Col("source_type"), where=Ne(Col("source_type"), Lit("server")))),
        *[(c, Latest(Col(c))) for c in LATEST_DEVICE_COLUMNS],
    ]


def replay_url(settings, full_session_id):
    prefix = settings.replay_url_prefix
    return Lit(None) if prefix is None else Concat((Lit(prefix), full_session_id))


# Derived from the device's identity, which any of its sessions can change: computed
# last, over the rebuilt sessions and the device's other stored ones
IDENTITY_COLUMNS = ("user_id", "is_identified")


# anon_<device_id> names a device that never identified. A uid of the customer's
# own that begins with it gets a second one (anon_anon_4): never a device's id,
# and still distinct from every other uid.
ANONYMOUS_PREFIX = "anon_"


def resolved_user_id(uid):
    return PrefixedAgain(uid, ANONYMOUS_PREFIX)


def session_columns(settings):
    device_identity = Coalesce((Col("identified_user_id"), Col("device_user_id")))
    return [
        "full_session_id",
        "device_id",
        "session_id",
        "identified_user_id",
        # when and where the session's identity was last seen (kept so that a later
        # run can order the device's stored sessions by it without their events)
        "identified_event_time",
        "identified_event_id",
        ("user_id", Coalesce((resolved_user_id(device_identity), Concat((Lit(ANONYMOUS_PREFIX), Col("device_id")))))),
        ("is_identified", NotNull(device_identity)),
        "user_email",
        "user_display_name",
        "start_time",
        "end_time",
        ("duration_seconds", WholeSecondsBetween(Col("start_time"), Col("end_time"))),
        ("start_date", DateInZone(Col("start_time"), settings.timezone)),
        "updated_time",
        "total_events",
        *[event_type_column(t) for t in settings.event_types],
        *[f"total_{s}_events" for s in SOURCE_TYPES],
        "total_page_views",
        "total_unique_urls",
        *CLICK_SIGNAL_COLUMNS,
        ("is_frustrated", is_frustrated()),
        *[name for c in settings.conversions for name in conversion_columns(c)],
        "landing_url",
        "exit_url",
        "initial_referrer_full_url",
        "source_type",
        *LATEST_DEVICE_COLUMNS,
        ("replay_url", replay_url(settings, Col("full_session_id"))),
    ]


def session_body_columns(settings):
    """session_columns but the identity columns: what a session's own events decide."""
    return [c for c in session_columns(settings) if (c if isinstance(c, str) else c[0]) not in IDENTITY_COLUMNS]


def column_names(columns):
    return [c if isinstance(c, str) else c[0] for c in columns]


def build_sessions(engine, events, settings, since=None, stored=None):
    """One row per full_session_id, from the deduplicated events model.

    since, stored: on an incremental run, the sessions that have an event
    updated at or after `since` are rebuilt from their own events, and the
    other sessions of their devices are taken from `stored` (the model's
    table) and re-stamped with the device's identity, and returned where
    that changed their user_id or is_identified; the rest are kept.
    """
    others = None
    if since is None:
        session_events = engine.filter(events, NotNull(Col("full_session_id")))
    else:
        session_events, rebuilt, others = touched_rows(engine, events, stored, since, NotNull(Col("session_id")))
    sessions = engine.aggregate(session_events, SESSION_KEY, session_aggregates(settings), EVENT_ORDER)
    body = engine.select(sessions, session_body_columns(settings))
    if others is not None:
        # the stored identity rides along the one read of the stored rows (NULL: a rebuilt row)
        names = column_names(session_body_columns(settings))
        body = engine.union(
            engine.select(body, [*names, ("stored_identity", Lit(None))]),
            engine.select(others, [*names, ("stored_identity", session_identity())]),
        )
    # A device's identity: the user_id of its latest identified event over all
    # its sessions, found from the per-session summaries (no second event scan).
    identified_sessions = engine.filter(body, NotNull(Col("identified_user_id")))
    devices = engine.aggregate(
        identified_sessions,
        ("device_id",),
        [("device_user_id", Latest(Col("identified_user_id")))],
        ("identified_event_time", "identified_event_id"),
    )
    columns = [c if isinstance(c, str) or c[0] in IDENTITY_COLUMNS else c[0] for c in session_columns(settings)]
    if others is None:
        return engine.select(engine.left_join(body, devices, ("device_id",)), columns)
    resolved = engine.select(engine.left_join(body, devices, ("device_id",)), [*columns, "stored_identity"])
    written = engine.select(rebuilt_or_changed(engine, resolved, session_identity()), column_names(columns))
    # after the identities: an emptied session has no say in its device's
    emptied = emptied_rows(engine, stored, rebuilt, sessions, "full_session_id", column_names(columns))
    return engine.union(written, emptied)


def session_identity():
    """A session's user_id and is_identified as one text, to compare with its stored one."""
    return Concat((Col("user_id"), Lit("|"), Col("is_identified")))


def rebuilt_or_changed(engine, resolved, identity):
    """The rebuilt rows (stored_identity NULL) and the re-stamped stored rows
    whose `identity` (an expression) differs from their stored_identity.

    An unchanged stored row is left out of what the model writes: it equals
    its stored row, and the merge would otherwise rewrite, every run, the old
    micro-partitions (Snowflake) or storage blocks (BigQuery) that hold the
    older rows of every touched device, though only the devices that identify
    change them.
    """
    return engine.filter(resolved, Coalesce((Ne(identity, Col("stored_identity")), Lit(True))))


def stored_sessions_current(stored_row, settings):
    """Whether a stored session's replay_url, (full_session_id, replay_url),
    is what the vars make now: when fullstory_org_id or fullstory_replay_host
    changed, every stored session is stale."""
    if stored_row is None:
        return True
    full_session_id, stored_url = stored_row
    prefix = settings.replay_url_prefix
    wanted = None if prefix is None else prefix + full_session_id
    return (stored_url if isinstance(stored_url, str) else None) == wanted  # the emulator's NaN is a NULL


def sessions_since(engine, this, settings):
    """An incremental run's `since`: the newest updated_time stored minus
    fullstory_incremental_interval (no sooner than any event the events model
    can still add or change); None rebuilds every session.

    An updated_time in the future (a bad row's 2100) does not count: it would
    put `since` past every change still to come, and no session would be
    rebuilt again.
    """
    return stored_since(engine, this, settings, ("full_session_id", "replay_url"), stored_sessions_current)


def stored_since(engine, this, settings, checked_columns, stored_current):
    """The newest updated_time of the stored table `this` (none in the
    future) minus fullstory_incremental_interval; None, to rebuild every
    row, when nothing is stored or when stored_current(one stored row of
    checked_columns, settings) finds the stored rows stale."""
    newest = engine.newest(this, "updated_time", until=engine.now())
    if newest is None or not stored_current(engine.one_row(this, checked_columns), settings):
        return None
    return newest - settings.incremental_interval
