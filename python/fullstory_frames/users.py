"""The users model: one row per sessions.user_id, from the sessions model."""

from .sessions import conversion_columns, event_type_column
from .vocabulary import Col, Count, CountDistinct, DateInZone, Eq, Greater, Latest, Lit, Max, Min, Sum

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


def build_users(engine, sessions, settings):
    """One row per sessions.user_id."""
    users = engine.aggregate(sessions, ("user_id",), user_aggregates(settings), SESSION_ORDER)
    return engine.select(users, user_columns(settings))
