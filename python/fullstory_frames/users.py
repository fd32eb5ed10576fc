"""The users model: one row per sessions.user_id, from the sessions model."""

from .sessions import conversion_columns, event_type_column, stored_since
from .vocabulary import AtLeast, Col, Count, CountDistinct, DateInZone, Eq, Greater, Latest, Lit, Max, Min, Sum

SESSION_ORDER = ("end_time", "full_session_id")
# Taken from the user's latest session, as users.last_<column>.
LAST_SESSION_COLUMNS = (
    "device_type",
    "device_operating_system",
    "device_browser",
    "geo_country",
    "geo_region",
    "geo_city",
)


def user_aggregates(settings):
    return [
        ("is_identified", Latest(Col("is_identified"), skip_nulls=False)),
        ("user_email", Latest(Col("user_email"))),
        ("user_display_name", Latest(Col("user_display_name"))),
        ("first_seen_time", Min(Col("start_time"))),
        ("last_seen_time", Max(Col("end_time"))),
        ("total_sessions", Count()),
        ("total_devices", CountDistinct(Col("device_id"))),
        ("total_session_duration_seconds", Sum(Col("duration_seconds"))),
        ("total_events", Sum(Col("total_events"))),
        ("total_page_views", Sum(Col("total_page_views"))),
        *[(event_type_column(t), Sum(Col(event_type_column(t)))) for t in settings.event_types],
        ("total_web_sessions", Count(Eq(Col("source_type"), Lit("web")))),
        ("total_mobile_app_sessions", Count(Eq(Col("source_type"), Lit("mobile_app")))),
        *[(c, Sum(Col(c))) for c in ("total_rage_clicks", "total_dead_clicks", "total_error_clicks")],
        ("total_frustrated_sessions", Count(Eq(Col("is_frustrated"), Lit(True)))),
        *user_conversion_aggregates(settings),
        *[(f"last_{c}", Latest(Col(c), skip_nulls=False)) for c in LAST_SESSION_COLUMNS],
        ("last_replay_url", Latest(Col("replay_url"), skip_nulls=False)),
        ("updated_time", Max(Col("updated_time"))),
    ]


def user_conversion_aggregates(settings):
    out = []
    for conversion in settings.conversions:
        total, first = conversion_columns(conversion)
        converted = Greater(Col(total), Lit(0))
        out += [
            (total, Sum(Col(total))),
            (first, Min(Col(first))),
            (f"total_{conversion.name}_converted_sessions", Count(converted)),
        ]
    return out


def user_columns(settings):
    """The aggregates' columns, with the dates of the first and last seen times after them."""
    names = ["user_id"] + [name for name, _ in user_aggregates(settings)]
    at = names.index("last_seen_time") + 1
    dates = [
        ("first_seen_date", DateInZone(Col("first_seen_time"), settings.timezone)),
        ("last_seen_date", DateInZone(Col("last_seen_time"), settings.timezone)),
    ]
    return names[:at] + dates + names[at:]


def build_users(engine, sessions, settings, since=None, stored=None):
    """One row per sessions.user_id.

    since, stored: on an incremental run, only the users whose sessions may
    have changed are rebuilt (changed_users), from all their sessions. A user
    left without a session has no row here: the model's post-hook
    (delete_users_without_sessions) deletes its stored one. (A row of NULLs
    for it would not do: the table a first build creates from a DataFrame can
    hold a count as NOT NULL, and Snowpark's local testing refuses the merge.)
    """
    if since is None:
        return users_of(engine, sessions, settings)
    changed = changed_users(engine, sessions, stored, since)
    return users_of(engine, engine.semi_join(sessions, changed, ("user_id",)), settings)


def users_of(engine, sessions, settings):
    users = engine.aggregate(sessions, ("user_id",), user_aggregates(settings), SESSION_ORDER)
    return engine.select(users, user_columns(settings))


def changed_users(engine, sessions, stored, since):
    """The user_ids whose row can differ from the stored one (with repeats):
    the users of the touched devices' sessions, and the stored users whose
    total_sessions is no longer theirs.

    A session's user_id or content changes when the sessions model rebuilds
    it for a changed event (its updated_time is then at or after `since`) or
    re-stamps it (another session of its device was rebuilt), or when it
    lost events (moved to a session of its device, which is then updated, or
    to no session: it then counts fewer). So the users of every session of a
    device with a session updated since take every session that changed, and
    every user that gained one; a user that only lost sessions or events has
    fewer than its stored total_sessions or total_events. One pass over
    sessions, per device and user, serves both.
    """
    pairs = engine.aggregate(
        sessions,
        ("device_id", "user_id"),
        [("sessions", Count()), ("events", Sum(Col("total_events"))), ("updated_time", Max(Col("updated_time")))],
        (),
    )
    touched_devices = engine.select(engine.filter(pairs, AtLeast(Col("updated_time"), Lit(since))), ["device_id"])
    gained = engine.select(engine.semi_join(pairs, touched_devices, ("device_id",)), ["user_id"])
    totals = [("total_sessions", Sum(Col("sessions"))), ("total_events", Sum(Col("events")))]
    counts = engine.aggregate(pairs, ("user_id",), totals, ())
    keys = ("user_id", "total_sessions", "total_events")
    lost = engine.anti_join(engine.select(stored, list(keys)), counts, keys)
    return engine.union(gained, engine.select(lost, ["user_id"]))


def stored_users_current(stored_row, settings):
    """Whether a stored user's last_replay_url, (last_replay_url,), has the
    prefix the vars make now: when fullstory_org_id or fullstory_replay_host
    changed, the sessions model rebuilt every session, and every user is stale."""
    if stored_row is None:
        return True
    url = stored_row[0] if isinstance(stored_row[0], str) else None  # the emulator's NaN is a NULL
    prefix = settings.replay_url_prefix
    return url is None if prefix is None else url is not None and url.startswith(prefix)


def users_since(engine, this, settings):
    """An incremental run's `since`, as sessions_since takes it from the
    stored sessions: the newest updated_time stored (a user's is its
    sessions' newest, so no later than the sessions model's own) minus
    fullstory_incremental_interval; None rebuilds every user."""
    return stored_since(engine, this, settings, ("last_replay_url",), stored_users_current)
