# dbt Python model `sessions`: one row per FullStory session (device_id:session_id),
# built from the deduplicated `events` model. Runs in-process on DuckDB; the
# logic itself is python/fullstory_frames.py, copied below.
# BEGIN fullstory_frames: copied from python/fullstory_frames.py by python/inline_frames.py; edit it there.
"""The sessions and users logic of dbt_fullstory, written once for every engine.

dbt Python models cannot import each other, so `python python/inline_frames.py`
copies this file into models/sessions.py and users.py between markers;
edit it here. The logic is data: each output column is an expression or an
aggregate from the small vocabulary below, and an engine (DuckDB, Snowpark,
PySpark) translates that vocabulary into its own. Nothing here pulls
event-level rows into Python: every engine keeps the work in the warehouse.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Optional, Tuple

# ---------------------------------------------------------------- vocabulary
# Row-level expressions.


@dataclass(frozen=True)
class Col:
    name: str


@dataclass(frozen=True)
class Lit:
    value: object  # str, int, bool, datetime (a timestamp) or None (a NULL string)


@dataclass(frozen=True)
class Eq:
    left: object
    right: object


@dataclass(frozen=True)
class Ne:
    left: object
    right: object


@dataclass(frozen=True)
class AtLeast:
    left: object
    right: object


@dataclass(frozen=True)
class NotNull:
    expr: object


@dataclass(frozen=True)
class All:
    """True where every one of exprs is."""

    exprs: tuple


@dataclass(frozen=True)
class Coalesce:
    exprs: tuple


@dataclass(frozen=True)
class Concat:
    """String concatenation; numbers are written in decimal; NULL if any part is."""

    exprs: tuple


@dataclass(frozen=True)
class WholeSecondsBetween:
    """Elapsed time from start (a Col) to end (a Col), truncated to whole seconds.

    Computed from a microsecond difference: Snowflake's datediff('second')
    counts second boundaries crossed instead (00:00:00.500 -> 00:01:00 is 60).
    """

    start: object
    end: object


# Aggregates over a group. `order` is given to Engine.aggregate, so that every
# Latest/Earliest of one call uses the same ordering.


@dataclass(frozen=True)
class Count:
    where: Optional[object] = None  # count only rows where this is true


@dataclass(frozen=True)
class CountDistinct:
    expr: object
    where: Optional[object] = None


@dataclass(frozen=True)
class Min:
    expr: object


@dataclass(frozen=True)
class Max:
    expr: object


@dataclass(frozen=True)
class Sum:
    expr: object


@dataclass(frozen=True)
class Latest:
    """Value of expr on the last row by `order` among rows where `where` holds.

    skip_nulls: rows whose expr is NULL do not count (latest non-NULL value);
    without it, the value of the last row, NULL or not.
    """

    expr: object
    where: Optional[object] = None  # only with skip_nulls
    skip_nulls: bool = True
    first: bool = False  # the earliest row instead of the latest

    def __post_init__(self):
        if self.where is not None and not self.skip_nulls:
            raise ValueError(
                "dbt_fullstory: internal error: Latest `where` needs skip_nulls (rows failing it become NULLs to skip)"
            )


def Earliest(expr, where=None, skip_nulls=True):
    return Latest(expr, where, skip_nulls, first=True)


def kept_rows(pick):
    """The condition on the rows a Latest/Earliest pick chooses among: its
    value is not NULL and `where` holds; None (every row) without skip_nulls."""
    if not pick.skip_nulls:
        return None
    return NotNull(pick.expr) if pick.where is None else All((NotNull(pick.expr), pick.where))


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    event_types: Tuple[str, ...]
    replay_host: str
    org_id: Optional[str]
    incremental_interval: datetime.timedelta = datetime.timedelta(days=7)

    @classmethod
    def from_meta(cls, meta):
        """The vars, as the models' YAML config passes them in `meta`."""
        meta = meta or {}
        return cls.from_config(
            meta.get("fullstory_event_types", ""),
            meta.get("fullstory_replay_host"),
            meta.get("fullstory_org_id"),
            meta.get("fullstory_incremental_interval", 7),
        )

    @classmethod
    def from_config(cls, event_types, replay_host, org_id, incremental_interval=7):
        if isinstance(event_types, str):
            event_types = [t.strip() for t in event_types.split(",") if t.strip()]
        for event_type in event_types:
            if not event_type.replace("_", "a").isalnum() or event_type[0].isdigit():
                raise ValueError(
                    f"dbt_fullstory: event type {event_type!r} in fullstory_event_types is not an identifier"
                )
        return cls(
            tuple(event_types), replay_host or "app.fullstory.com", org_id or None, parse_interval(incremental_interval)
        )


INTERVAL_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}


def parse_interval(raw):
    """fullstory_incremental_interval as a timedelta; the same forms as the
    incremental_interval_seconds macro (which rejects a bad value first)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw >= 0:
        return datetime.timedelta(days=raw)
    if re.match(r"^\s*[0-9]+\.[0-9]+\s*$", str(raw)):  # a number of days, rendered to text by the YAML config
        return datetime.timedelta(days=float(raw))
    match = re.match(
        r"^\s*(?:interval\s+)?'?\s*([0-9]+)\s*'?\s*(?:(second|minute|hour|day|week)s?)?\s*'?\s*$", str(raw).lower()
    )
    if match is None:
        raise ValueError(
            f"dbt_fullstory: fullstory_incremental_interval {raw!r} is not an interval such as INTERVAL 7 DAY"
        )
    return datetime.timedelta(seconds=int(match.group(1)) * INTERVAL_UNITS[match.group(2) or "day"])


SOURCE_TYPES = ("web", "mobile_app", "server")
SESSION_KEY = ("full_session_id", "device_id", "session_id")
EVENT_ORDER = ("event_time", "event_id")
SESSION_ORDER = ("end_time", "full_session_id")
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
# Taken from the user's latest session, as users.last_<column>.
LAST_SESSION_COLUMNS = (
    "device_type",
    "device_operating_system",
    "device_browser",
    "geo_country",
    "geo_region",
    "geo_city",
)


# ---------------------------------------------------------------- sessions


def event_type_column(event_type):
    return f"total_{event_type}_events"


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
        ("landing_url", Earliest(Col("url_full_url"))),
        ("exit_url", Latest(Col("url_full_url"))),
        ("initial_referrer_full_url", Earliest(Col("initial_referrer_full_url"))),
        ("source_type", Latest(Col("source_type"), where=Ne(Col("source_type"), Lit("server")))),
        *[(c, Latest(Col(c))) for c in LATEST_DEVICE_COLUMNS],
    ]


def replay_url_prefix(settings):
    """What replay_url puts before the full_session_id; None without an org id."""
    if settings.org_id is None:
        return None
    return f"https://{settings.replay_host}/ui/{settings.org_id}/session/"


def replay_url(settings, full_session_id):
    prefix = replay_url_prefix(settings)
    return Lit(None) if prefix is None else Concat((Lit(prefix), full_session_id))


def session_columns(settings):
    device_identity = Coalesce((Col("identified_user_id"), Col("device_user_id")))
    return [
        "full_session_id",
        "device_id",
        "session_id",
        "identified_user_id",
        ("user_id", Coalesce((device_identity, Concat((Lit("anon_"), Col("device_id")))))),
        ("is_identified", NotNull(device_identity)),
        "user_email",
        "user_display_name",
        "start_time",
        "end_time",
        ("duration_seconds", WholeSecondsBetween(Col("start_time"), Col("end_time"))),
        "updated_time",
        "total_events",
        *[event_type_column(t) for t in settings.event_types],
        *[f"total_{s}_events" for s in SOURCE_TYPES],
        "total_page_views",
        "total_unique_urls",
        "landing_url",
        "exit_url",
        "initial_referrer_full_url",
        "source_type",
        *LATEST_DEVICE_COLUMNS,
        ("replay_url", replay_url(settings, Col("full_session_id"))),
    ]


def build_sessions(engine, events, settings, since=None):
    """One row per full_session_id, from the deduplicated events model.

    since: on an incremental run, the sessions of the devices that have an
    event updated at or after this time are built (from all of their events,
    since a device's identity reaches all its sessions); the others are kept.
    """
    session_events = engine.filter(events, NotNull(Col("full_session_id")))
    if since is not None:
        changed = engine.filter(session_events, AtLeast(Col("updated_time"), Lit(since)))
        session_events = engine.semi_join(session_events, changed, ("device_id",))
    sessions = engine.aggregate(session_events, SESSION_KEY, session_aggregates(settings), EVENT_ORDER)
    # A device's identity: the user_id of its latest identified event over all
    # its sessions, found from the per-session summaries (no second event scan).
    identified_sessions = engine.filter(sessions, NotNull(Col("identified_user_id")))
    devices = engine.aggregate(
        identified_sessions,
        ("device_id",),
        [("device_user_id", Latest(Col("identified_user_id")))],
        ("identified_event_time", "identified_event_id"),
    )
    return engine.select(engine.left_join(sessions, devices, ("device_id",)), session_columns(settings))


# ---------------------------------------------------------------- users


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
        *[(f"last_{c}", Latest(Col(c), skip_nulls=False)) for c in LAST_SESSION_COLUMNS],
        ("last_replay_url", Latest(Col("replay_url"), skip_nulls=False)),
        ("updated_time", Max(Col("updated_time"))),
    ]


def build_users(engine, sessions, settings):
    """One row per sessions.user_id."""
    return engine.aggregate(sessions, ("user_id",), user_aggregates(settings), SESSION_ORDER)


# ---------------------------------------------------------------- engines


# each row's place in its group, added by both engines' aggregate() for the picks
ORDER_COLUMN = "fullstory_group_order"


class DuckDBEngine:
    """Translates the vocabulary into one DuckDB SQL query of CTEs.

    The result is a lazy DuckDB relation: dbt-duckdb creates the table from it
    inside DuckDB, so no row passes through Python.
    """

    def __init__(self, connection, relation):
        self.connection = connection
        self.steps = [("fullstory_input", relation.sql_query(), False)]

    def start(self):
        return "fullstory_input"

    def finish(self, frame):
        # Only aggregates are materialized (each is read more than once and
        # costs more than it holds); DuckDB would otherwise also materialize a
        # filter of the events read twice, as an incremental run's semi-join
        # does: a copy of every event, spilled under a memory limit.
        ctes = ",\n".join(
            f"{name} as {'' if materialized else 'not '}materialized (\n{sql}\n)"
            for name, sql, materialized in self.steps
        )
        return self.connection.sql(f"with {ctes}\nselect * from {frame}")

    def _step(self, sql, materialized=False):
        name = f"step_{len(self.steps)}"
        self.steps.append((name, sql, materialized))
        return name

    # frames
    def filter(self, frame, condition):
        return self._step(f"select * from {frame} where {self.sql(condition)}")

    def left_join(self, left, right, keys):
        return self._step(f"select * from {left} left join {right} using ({', '.join(map(quote, keys))})")

    def semi_join(self, left, right, keys):
        """The rows of left whose keys occur in right."""
        return self._step(f"select * from {left} semi join {right} using ({', '.join(map(quote, keys))})")

    @staticmethod
    def now():
        return naive_utc_now()  # DuckDB's timestamps hold UTC wall-clock time

    def newest(self, table, column, until):
        """max(column) of a stored table (dbt.this) among values not after
        `until`, or None when there is none."""
        condition = self.sql(AtLeast(Lit(until), Col(column)))
        return self.connection.sql(f"select max({quote(column)}) from {table!r} where {condition}").fetchall()[0][0]

    def one_row(self, table, columns):
        """Any one row of a stored table, as a tuple; None when it has none."""
        rows = self.connection.sql(f"select {', '.join(map(quote, columns))} from {table!r} limit 1").fetchall()
        return rows[0] if rows else None

    def select(self, frame, columns):
        items = [quote(c) if isinstance(c, str) else f"{self.sql(c[1])} as {quote(c[0])}" for c in columns]
        return self._step(f"select {', '.join(items)} from {frame}")

    def aggregate(self, frame, keys, aggregates, order):
        # Each row's place in the order within its group, as one integer that
        # every Latest/Earliest pick compares: arg_max by a struct (time, id)
        # builds a sort key per row and pick, and spills under a memory limit
        # (the sessions aggregate of 10M events took 7x as long). Nulls sort
        # last, as in the DataFrame engine.
        group = ", ".join(quote(k) for k in keys)
        ordering = ", ".join(f"{quote(c)} asc nulls last" for c in order)
        ranked = self._step(
            f"select *, row_number() over (partition by {group} order by {ordering}) as {ORDER_COLUMN} from {frame}"
        )
        items = [quote(k) for k in keys]
        items += [f"{self.aggregate_sql(a, ORDER_COLUMN)} as {quote(name)}" for name, a in aggregates]
        return self._step(f"select {', '.join(items)} from {ranked} group by {group}", materialized=True)

    # expressions
    def aggregate_sql(self, agg, order_key):
        def where(*conditions):
            kept = [self.sql(c) for c in conditions if c is not None]
            return f" filter (where {' and '.join(kept)})" if kept else ""

        if isinstance(agg, Count):
            return f"count(*){where(agg.where)}"
        if isinstance(agg, CountDistinct):
            return f"count(distinct {self.sql(agg.expr)}){where(agg.where)}"
        if isinstance(agg, (Min, Max)):
            return f"{type(agg).__name__.lower()}({self.sql(agg.expr)})"
        if isinstance(agg, Sum):
            return f"cast(sum({self.sql(agg.expr)}) as bigint)"
        if isinstance(agg, Latest):
            function = ("arg_min" if agg.first else "arg_max") + ("" if agg.skip_nulls else "_null")
            return f"{function}({self.sql(agg.expr)}, {order_key}){where(kept_rows(agg))}"
        raise TypeError(f"dbt_fullstory: internal error: not an aggregate: {agg!r}")

    def sql(self, e):
        if isinstance(e, Col):
            return quote(e.name)
        if isinstance(e, Lit):
            if e.value is None:
                return "cast(null as varchar)"
            if isinstance(e.value, bool):
                return "true" if e.value else "false"
            if isinstance(e.value, int):
                return str(e.value)
            if isinstance(e.value, datetime.datetime):
                return f"timestamp '{e.value.replace(tzinfo=None).isoformat(sep=' ')}'"
            return "'" + str(e.value).replace("'", "''") + "'"
        if isinstance(e, Eq):
            return f"({self.sql(e.left)} = {self.sql(e.right)})"
        if isinstance(e, Ne):
            return f"({self.sql(e.left)} <> {self.sql(e.right)})"
        if isinstance(e, AtLeast):
            return f"({self.sql(e.left)} >= {self.sql(e.right)})"
        if isinstance(e, NotNull):
            return f"({self.sql(e.expr)} is not null)"
        if isinstance(e, All):
            return "(" + " and ".join(self.sql(x) for x in e.exprs) + ")"
        if isinstance(e, Coalesce):
            return f"coalesce({', '.join(self.sql(x) for x in e.exprs)})"
        if isinstance(e, Concat):
            return "(" + " || ".join(f"cast({self.sql(x)} as varchar)" for x in e.exprs) + ")"
        if isinstance(e, WholeSecondsBetween):
            return f"((epoch_us({self.sql(e.end)}) - epoch_us({self.sql(e.start)})) // 1000000)"
        raise TypeError(f"dbt_fullstory: internal error: not an expression: {e!r}")


def naive_utc_now():
    """The current time as naive UTC, as timestamps without a zone hold it."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def quote(identifier):
    return '"' + identifier.replace('"', '""') + '"'


class DataFrameEngine:
    """Translates the vocabulary into Snowpark or PySpark DataFrame operations.

    The two APIs share their shape (col, when, Window, groupBy, join); the
    differences sit in the small `dialect` objects below. Latest/Earliest are
    the engines' own max_by/min_by aggregates over each row's place in its
    group (one row_number window), as DuckDBEngine's arg_max/arg_min: one sort
    per aggregate, where a first_value window per pick needed two.
    """

    def __init__(self, dialect, session, relation):
        self.d = dialect
        self.F = dialect.functions
        self.session = session
        self.relation = relation

    def start(self):
        return self.relation

    def finish(self, frame):
        return frame

    def filter(self, frame, condition):
        return frame.filter(self.col(condition))

    def left_join(self, left, right, keys):
        return left.join(right, on=list(keys), how="left")

    def semi_join(self, left, right, keys):
        return left.join(right.select(*keys), on=list(keys), how="leftsemi")

    def now(self):
        return self.d.now()

    def newest(self, table, column, until):
        stored = self.d.read_table(self.session, table).filter(self.col(AtLeast(Lit(until), Col(column))))
        value = stored.agg(self.F.max(self.F.col(column))).collect()[0][0]
        return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value  # the emulator's pandas Timestamp

    def one_row(self, table, columns):
        rows = self.d.read_table(self.session, table).select(*columns).limit(1).collect()
        return tuple(rows[0]) if rows else None

    def select(self, frame, columns):
        return frame.select(*[self.F.col(c) if isinstance(c, str) else self.col(c[1]).alias(c[0]) for c in columns])

    def aggregate(self, frame, keys, aggregates, order):
        F = self.F
        picks = {i: agg for i, (_, agg) in enumerate(aggregates) if isinstance(agg, Latest)}
        if picks:
            # Each row's place in the order within its group; nulls sort last,
            # as in DuckDB's order by. A pick that skips rows gets a rank of
            # its own that is NULL on those rows: max_by/min_by ignore NULL
            # ranks (on Snowflake and Spark alike).
            window = self.d.window.partitionBy(*keys).orderBy(*[F.col(c).asc_nulls_last() for c in order])
            columns = [F.col(c) for c in frame.columns]
            frame = frame.select(*columns, F.row_number().over(window).alias(ORDER_COLUMN))
            ranks = [
                F.when(self.col(kept_rows(agg)), F.col(ORDER_COLUMN)).alias(f"{ORDER_COLUMN}_{i}")
                for i, agg in picks.items()
                if agg.skip_nulls
            ]
            frame = frame.select(*columns, F.col(ORDER_COLUMN), *ranks)
        outputs = []
        for i, (name, agg) in enumerate(aggregates):
            if isinstance(agg, Latest):
                rank = F.col(f"{ORDER_COLUMN}_{i}" if agg.skip_nulls else ORDER_COLUMN)
                pick = F.min_by if agg.first else F.max_by
                outputs.append(pick(self.col(agg.expr), rank).alias(name))
            else:
                outputs.append(self.aggregate_col(agg).alias(name))
        result = frame.groupBy(*keys).agg(*outputs)
        # sums cast after grouping (the emulator has no cast inside agg()), in one select
        return result.select(
            *[F.col(k) for k in keys],
            *[
                F.col(name).cast(self.d.long_type).alias(name) if isinstance(agg, Sum) else F.col(name)
                for name, agg in aggregates
            ],
        )

    def aggregate_col(self, agg):
        F = self.F
        if isinstance(agg, Count):
            return F.count(F.lit(1) if agg.where is None else F.when(self.col(agg.where), F.lit(1)))
        if isinstance(agg, CountDistinct):
            value = self.col(agg.expr)
            return F.count_distinct(value if agg.where is None else F.when(self.col(agg.where), value))
        if isinstance(agg, Min):
            return F.min(self.col(agg.expr))
        if isinstance(agg, Max):
            return F.max(self.col(agg.expr))
        if isinstance(agg, Sum):
            return F.sum(self.col(agg.expr))
        raise TypeError(f"dbt_fullstory: internal error: not an aggregate: {agg!r}")

    def col(self, e):
        F = self.F
        if isinstance(e, Col):
            return F.col(e.name)
        if isinstance(e, Lit):
            return F.lit(e.value) if e.value is not None else F.lit(None).cast(self.d.string_type)
        if isinstance(e, Eq):
            return self.col(e.left) == self.col(e.right)
        if isinstance(e, Ne):
            return self.col(e.left) != self.col(e.right)
        if isinstance(e, AtLeast):
            return self.col(e.left) >= self.col(e.right)
        if isinstance(e, NotNull):
            return self.col(e.expr).isNotNull()
        if isinstance(e, All):
            condition = self.col(e.exprs[0])
            for x in e.exprs[1:]:
                condition = condition & self.col(x)
            return condition
        if isinstance(e, Coalesce):
            return F.coalesce(*[self.col(x) for x in e.exprs])
        if isinstance(e, Concat):
            return F.concat(*[self.col(x).cast(self.d.string_type) for x in e.exprs])
        if isinstance(e, WholeSecondsBetween):
            # integer arithmetic only: floor() is missing from Snowpark's emulator
            micros = self.d.epoch_micros(e.end) - self.d.epoch_micros(e.start)
            return ((micros - micros % 1000000) / 1000000).cast(self.d.long_type)
        raise TypeError(f"dbt_fullstory: internal error: not an expression: {e!r}")


class SnowparkDialect:
    def __init__(self):
        from snowflake.snowpark import Window, functions
        from snowflake.snowpark.types import LongType, StringType

        self.functions, self.window = functions, Window
        self.long_type, self.string_type = LongType(), StringType()

    def epoch_micros(self, column):
        return self.functions.date_part("epoch_microsecond", self.functions.col(column.name))

    @staticmethod
    def now():
        return naive_utc_now()  # TIMESTAMP_NTZ holds UTC wall-clock time

    @staticmethod
    def read_table(session, table):
        return session.table(repr(table))  # dbt.this: its repr is the quoted name


class PySparkDialect:
    def __init__(self):
        from pyspark.sql import Window, functions
        from pyspark.sql.types import LongType, StringType

        self.functions, self.window = functions, Window
        self.long_type, self.string_type = LongType(), StringType()

    def epoch_micros(self, column):
        # Spark SQL's unix_micros (Spark 3.1 on); functions.unix_micros is
        # Python API from 3.5 only, and dbt-bigquery's default Dataproc
        # runtime (1.1) has Spark 3.3
        return self.functions.expr("unix_micros(`" + column.name.replace("`", "``") + "`)")

    @staticmethod
    def now():
        # aware: PySpark reads a naive datetime in the driver's local time zone
        return datetime.datetime.now(datetime.timezone.utc)

    @staticmethod
    def read_table(session, table):
        # as dbt-bigquery's own dbt.ref() reads a table on Dataproc
        return session.read.format("bigquery").load(f"{table.database}.{table.schema}.{table.identifier}")


def engine_for(session, relation):
    """The engine for what dbt.ref() returned: a DuckDB relation or a DataFrame."""
    module = type(relation).__module__
    if module.split(".")[0] in ("duckdb", "_duckdb"):
        return DuckDBEngine(session, relation)
    if module.startswith("snowflake.snowpark"):
        return DataFrameEngine(SnowparkDialect(), session, relation)
    if module.startswith("pyspark"):
        return DataFrameEngine(PySparkDialect(), session, relation)
    raise NotImplementedError(
        f"dbt_fullstory: the sessions and users models run on DuckDB, Snowpark and PySpark, not on {module}"
    )


def run(session, relation, build, settings, this=None):
    """Build a model from its one input relation and return the engine's result.

    this: on an incremental run, the stored model (dbt.this); the build gets
    `since`, the newest updated_time stored minus fullstory_incremental_interval
    (no sooner than any event the events model can still add or change).
    An updated_time in the future (a bad row's 2100) does not count: it would
    put `since` past every change still to come, and no session would be
    rebuilt again.
    """
    engine = engine_for(session, relation)
    if this is None:
        return engine.finish(build(engine, engine.start(), settings))
    newest = engine.newest(this, "updated_time", until=engine.now())
    if newest is not None and not replay_urls_current(
        engine.one_row(this, ("full_session_id", "replay_url")), settings
    ):
        newest = None  # fullstory_org_id or fullstory_replay_host changed: every stored session is stale
    since = None if newest is None else newest - settings.incremental_interval
    return engine.finish(build(engine, engine.start(), settings, since=since))


def replay_urls_current(stored_row, settings):
    """Whether a stored session's replay_url is what the vars make now."""
    if stored_row is None:
        return True
    full_session_id, stored_url = stored_row
    prefix = replay_url_prefix(settings)
    wanted = None if prefix is None else prefix + full_session_id
    return (stored_url if isinstance(stored_url, str) else None) == wanted  # the emulator's NaN is a NULL


# END fullstory_frames


def model(dbt, session):
    settings = Settings.from_meta(dbt.config.get("meta"))
    # incremental: rebuild the sessions of devices with new or changed events, merged on full_session_id
    events = dbt.ref("dbt_fullstory", "events")  # named by package: a project's own `events` must not stand in
    return run(session, events, build_sessions, settings, this=dbt.this if dbt.is_incremental else None)
