"""The DuckDB engine: the vocabulary as one SQL query of CTEs."""

import datetime

from .engine import ORDER_COLUMN, Engine, naive_utc_now
from .vocabulary import AtLeast, Col, Latest, Lit, kept_rows


def quote(identifier):
    return '"' + identifier.replace('"', '""') + '"'


def read_duckdb_table(connection, table):
    return connection.sql(f"select * from {table!r}")  # dbt.this: its repr is the quoted name


class DuckDBEngine(Engine):
    """The result is a lazy DuckDB relation: dbt-duckdb creates the table from
    it inside DuckDB, so no row passes through Python."""

    def __init__(self, connection, relation, read_table=None):
        self.connection = connection
        self.read_table = read_table or read_duckdb_table
        self.steps = [("fullstory_input", relation.sql_query(), False)]

    def start(self):
        return "fullstory_input"

    def input(self, relation):
        return self._step(relation.sql_query())

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

    def filter(self, frame, condition):
        return self._step(f"select * from {frame} where {self.translate(condition)}")

    def left_join(self, left, right, keys):
        return self._step(f"select * from {left} left join {right} using ({', '.join(map(quote, keys))})")

    def semi_join(self, left, right, keys):
        return self._step(f"select * from {left} semi join {right} using ({', '.join(map(quote, keys))})")

    def anti_join(self, left, right, keys):
        return self._step(f"select * from {left} anti join {right} using ({', '.join(map(quote, keys))})")

    def union(self, first, second):
        return self._step(f"select * from {first} union all by name select * from {second}")

    def smallest(self, frame, column):
        return self.finish(self._step(f"select min({quote(column)}) from {frame}")).fetchall()[0][0]

    def stored(self, table):
        return self._step(self.read_table(self.connection, table).sql_query())

    def select(self, frame, columns):
        items = [quote(c) if isinstance(c, str) else f"{self.translate(c[1])} as {quote(c[0])}" for c in columns]
        return self._step(f"select {', '.join(items)} from {frame}")

    def aggregate(self, frame, keys, aggregates, order):
        # Each row's place in the order within its group, as one integer that
        # every Latest/Earliest pick compares: arg_max by a struct (time, id)
        # builds a sort key per row and pick, and spills under a memory limit
        # (the sessions aggregate of 10M events took 7x as long). Nulls sort
        # last, as in the DataFrame engine.
        group = ", ".join(quote(k) for k in keys)
        if any(isinstance(a, Latest) for _, a in aggregates):  # else no pick needs the order: no window
            ordering = ", ".join(f"{quote(c)} asc nulls last" for c in order)
            frame = self._step(
                f"select *, row_number() over (partition by {group} order by {ordering}) as {ORDER_COLUMN} from {frame}"
            )
        items = [quote(k) for k in keys] + [f"{self.translate(a)} as {quote(name)}" for name, a in aggregates]
        return self._step(f"select {', '.join(items)} from {frame} group by {group}", materialized=True)

    def number_rows(self, frame, partition, order, number, total):
        group = ", ".join(quote(k) for k in partition)
        ordering = ", ".join(f"{quote(c)} asc nulls last" for c in order)
        return self._step(
            f"select *, row_number() over (partition by {group} order by {ordering}) as {quote(number)},"
            f" count(*) over (partition by {group}) as {quote(total)} from {frame}"
        )

    def newest(self, table, column, until):
        stored = self.read_table(self.connection, table).filter(self.translate(AtLeast(Lit(until), Col(column))))
        return stored.aggregate(f"max({quote(column)})").fetchall()[0][0]

    def one_row(self, table, columns):
        rows = self.read_table(self.connection, table).select(", ".join(map(quote, columns))).limit(1).fetchall()
        return rows[0] if rows else None

    @staticmethod
    def now():
        return naive_utc_now()  # DuckDB's timestamps hold UTC wall-clock time

    # aggregates
    def _where(self, *conditions):
        kept = [self.translate(c) for c in conditions if c is not None]
        return f" filter (where {' and '.join(kept)})" if kept else ""

    def translate_Count(self, agg):
        return f"count(*){self._where(agg.where)}"

    def translate_CountDistinct(self, agg):
        return f"count(distinct {self.translate(agg.expr)}){self._where(agg.where)}"

    def translate_Min(self, agg):
        return f"min({self.translate(agg.expr)})"

    def translate_Max(self, agg):
        return f"max({self.translate(agg.expr)})"

    def translate_Sum(self, agg):
        return f"cast(sum({self.translate(agg.expr)}) as bigint)"

    def translate_Latest(self, agg):
        function = ("arg_min" if agg.first else "arg_max") + ("" if agg.skip_nulls else "_null")
        return f"{function}({self.translate(agg.expr)}, {ORDER_COLUMN}){self._where(kept_rows(agg))}"

    # expressions
    def translate_Col(self, e):
        return quote(e.name)

    def translate_Lit(self, e):
        value = e.value
        if value is None:
            return "cast(null as varchar)"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, datetime.datetime):
            return f"timestamp '{value.replace(tzinfo=None).isoformat(sep=' ')}'"
        return "'" + str(value).replace("'", "''") + "'"

    def translate_Eq(self, e):
        return f"({self.translate(e.left)} = {self.translate(e.right)})"

    def translate_Ne(self, e):
        return f"({self.translate(e.left)} <> {self.translate(e.right)})"

    def translate_AtLeast(self, e):
        return f"({self.translate(e.left)} >= {self.translate(e.right)})"

    def translate_Greater(self, e):
        return f"({self.translate(e.left)} > {self.translate(e.right)})"

    def translate_AnyOf(self, e):
        return "(" + " or ".join(self.translate(x) for x in e.exprs) + ")"

    def translate_DateInZone(self, e):
        # timestamp (UTC wall time) -> timestamptz at UTC -> wall time in the zone:
        # whatever the session's TimeZone setting (the machine's TZ)
        zone = self.translate(Lit(e.zone))
        return f"cast(timezone({zone}, timezone('UTC', {self.translate(e.expr)})) as date)"

    def translate_NotNull(self, e):
        return f"({self.translate(e.expr)} is not null)"

    def translate_All(self, e):
        return "(" + " and ".join(self.translate(x) for x in e.exprs) + ")"

    def translate_Coalesce(self, e):
        return f"coalesce({', '.join(self.translate(x) for x in e.exprs)})"

    def translate_Concat(self, e):
        return "(" + " || ".join(f"cast({self.translate(x)} as varchar)" for x in e.exprs) + ")"

    def translate_PrefixedAgain(self, e):
        text, prefix = self.translate(e.expr), self.translate(Lit(e.prefix))
        return f"(case when starts_with({text}, {prefix}) then {prefix} || {text} else {text} end)"

    def translate_WholeSecondsBetween(self, e):
        return f"((epoch_us({self.translate(e.end)}) - epoch_us({self.translate(e.start)})) // 1000000)"
