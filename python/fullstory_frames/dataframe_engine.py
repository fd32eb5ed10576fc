"""The DataFrame engine: the vocabulary as Snowpark or PySpark operations.

The two APIs share their shape (col, when, Window, groupBy, join); what
differs sits in the small dialect classes below.
"""

import datetime

from .engine import ORDER_COLUMN, Engine, naive_utc_now
from .vocabulary import AtLeast, Col, Latest, Lit, Sum, kept_rows


class DataFrameEngine(Engine):
    """Latest/Earliest are the engines' own max_by/min_by aggregates over each
    row's place in its group (one row_number window), as DuckDBEngine's
    arg_max/arg_min: one sort per aggregate, where a first_value window per
    pick needed two."""

    def __init__(self, dialect, session, relation, read_table=None):
        self.d = dialect
        self.F = dialect.functions
        self.session = session
        self.relation = relation
        self.read_table = read_table or dialect.read_table
        self.rank_columns = {}  # repr of a pick's kept rows -> its rank column, set by aggregate() for translate_Latest

    def start(self):
        return self.relation

    def input(self, relation):
        return relation

    def finish(self, frame):
        return frame

    def filter(self, frame, condition):
        return frame.filter(self.translate(condition))

    def left_join(self, left, right, keys):
        return left.join(right, on=list(keys), how="left")

    def semi_join(self, left, right, keys):
        return left.join(right.select(*keys), on=list(keys), how="leftsemi")

    def anti_join(self, left, right, keys):
        return left.join(right.select(*keys), on=list(keys), how=self.d.anti_join)

    def union(self, first, second):
        return self.d.union_by_name(first, second)

    def smallest(self, frame, column):
        value = frame.agg(self.F.min(self.F.col(column))).collect()[0][0]
        return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value  # the emulator's pandas Timestamp

    def stored(self, table):
        return self.read_table(self.session, table)

    def select(self, frame, columns):
        F = self.F
        return frame.select(*[F.col(c) if isinstance(c, str) else self.translate(c[1]).alias(c[0]) for c in columns])

    def aggregate(self, frame, keys, aggregates, order):
        F = self.F
        picks = [agg for _, agg in aggregates if isinstance(agg, Latest)]
        if picks:
            # Each row's place in the order within its group; nulls sort last,
            # as in DuckDB's order by. A pick that skips rows gets a rank of
            # its own that is NULL on those rows: max_by/min_by ignore NULL
            # ranks (on Snowflake and Spark alike).
            window = self.d.window.partitionBy(*keys).orderBy(*[F.col(c).asc_nulls_last() for c in order])
            columns = [F.col(c) for c in frame.columns]
            frame = frame.select(*columns, F.row_number().over(window).alias(ORDER_COLUMN))
            # Picks with the same kept rows share a rank, found by the condition's
            # repr: Lit(1) and Lit(True) are equal dataclasses, not equal conditions.
            conditions = {repr(kept_rows(agg)): kept_rows(agg) for agg in picks}
            self.rank_columns = {
                key: ORDER_COLUMN if condition is None else f"{ORDER_COLUMN}_{i}"
                for i, (key, condition) in enumerate(conditions.items())
            }
            ranks = [
                F.when(self.translate(condition), F.col(ORDER_COLUMN)).alias(self.rank_columns[key])
                for key, condition in conditions.items()
                if condition is not None
            ]
            frame = frame.select(*columns, F.col(ORDER_COLUMN), *ranks)
        result = frame.groupBy(*keys).agg(*[self.translate(agg).alias(name) for name, agg in aggregates])
        # sums cast after grouping (the emulator has no cast inside agg()), in one select
        return result.select(
            *[F.col(k) for k in keys],
            *[
                F.col(name).cast(self.d.long_type).alias(name) if isinstance(agg, Sum) else F.col(name)
                for name, agg in aggregates
            ],
        )

    def number_rows(self, frame, partition, order, number, total):
        F = self.F
        ordered = self.d.window.partitionBy(*partition).orderBy(*[F.col(c).asc_nulls_last() for c in order])
        whole = self.d.window.partitionBy(*partition)
        return frame.select(
            *[F.col(c) for c in frame.columns],
            F.row_number().over(ordered).cast(self.d.long_type).alias(number),
            F.count(F.lit(1)).over(whole).cast(self.d.long_type).alias(total),
        )

    def newest(self, table, column, until):
        stored = self.read_table(self.session, table).filter(self.translate(AtLeast(Lit(until), Col(column))))
        value = stored.agg(self.F.max(self.F.col(column))).collect()[0][0]
        return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value  # the emulator's pandas Timestamp

    def one_row(self, table, columns):
        rows = self.read_table(self.session, table).select(*columns).limit(1).collect()
        return tuple(rows[0]) if rows else None

    def now(self):
        return self.d.now()

    # aggregates
    def translate_Count(self, agg):
        F = self.F
        return F.count(F.lit(1) if agg.where is None else F.when(self.translate(agg.where), F.lit(1)))

    def translate_CountDistinct(self, agg):
        value = self.translate(agg.expr)
        return self.F.count_distinct(value if agg.where is None else self.F.when(self.translate(agg.where), value))

    def translate_Min(self, agg):
        return self.F.min(self.translate(agg.expr))

    def translate_Max(self, agg):
        return self.F.max(self.translate(agg.expr))

    def translate_Sum(self, agg):
        return self.F.sum(self.translate(agg.expr))

    def translate_Latest(self, agg):
        pick = self.F.min_by if agg.first else self.F.max_by
        return pick(self.translate(agg.expr), self.F.col(self.rank_columns[repr(kept_rows(agg))]))

    # expressions
    def translate_Col(self, e):
        return self.F.col(e.name)

    def translate_Lit(self, e):
        return self.F.lit(e.value) if e.value is not None else self.F.lit(None).cast(self.d.string_type)

    def translate_Eq(self, e):
        return self.translate(e.left) == self.translate(e.right)

    def translate_Ne(self, e):
        return self.translate(e.left) != self.translate(e.right)

    def translate_AtLeast(self, e):
        return self.translate(e.left) >= self.translate(e.right)

    def translate_Greater(self, e):
        return self.translate(e.left) > self.translate(e.right)

    def translate_AnyOf(self, e):
        condition = self.translate(e.exprs[0])
        for x in e.exprs[1:]:
            condition = condition | self.translate(x)
        return condition

    def translate_DateInZone(self, e):
        return self.d.date_in_zone(e.expr, e.zone)

    def translate_NotNull(self, e):
        return self.translate(e.expr).isNotNull()

    def translate_All(self, e):
        condition = self.translate(e.exprs[0])
        for x in e.exprs[1:]:
            condition = condition & self.translate(x)
        return condition

    def translate_Coalesce(self, e):
        return self.F.coalesce(*[self.translate(x) for x in e.exprs])

    def translate_Concat(self, e):
        return self.F.concat(*[self.translate(x).cast(self.d.string_type) for x in e.exprs])

    def translate_PrefixedAgain(self, e):
        F, text = self.F, self.translate(e.expr)
        again = F.when(text.startswith(F.lit(e.prefix)), F.concat(F.lit(e.prefix), text)).otherwise(text)
        # a string: Snowpark's emulator types a CASE over an empty frame as VARIANT without the cast
        return again.cast(self.d.string_type)

    def translate_WholeSecondsBetween(self, e):
        # integer arithmetic only: floor() is missing from Snowpark's emulator
        micros = self.d.epoch_micros(e.end) - self.d.epoch_micros(e.start)
        return ((micros - micros % 1000000) / 1000000).cast(self.d.long_type)


class SnowparkDialect:
    def __init__(self):
        from snowflake.snowpark import Window, functions
        from snowflake.snowpark.types import LongType, StringType

        self.functions, self.window = functions, Window
        self.long_type, self.string_type = LongType(), StringType()
        self.anti_join = "leftanti"

    @staticmethod
    def union_by_name(first, second):
        return first.union_all_by_name(second)

    def epoch_micros(self, column):
        return self.functions.date_part("epoch_microsecond", self.functions.col(column.name))

    def date_in_zone(self, column, zone):
        # TIMESTAMP_NTZ (UTC wall time) to the zone's wall time, then its date
        F = self.functions
        return F.to_date(F.convert_timezone(F.lit(zone), F.col(column.name), F.lit("UTC")))

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
        self.anti_join = "left_anti"

    @staticmethod
    def union_by_name(first, second):
        return first.unionByName(second)

    def epoch_micros(self, column):
        # Spark SQL's unix_micros (Spark 3.1 on); functions.unix_micros is
        # Python API from 3.5 only, and dbt-bigquery's default Dataproc
        # runtime (1.1) has Spark 3.3
        return self.functions.expr("unix_micros(`" + column.name.replace("`", "``") + "`)")

    def date_in_zone(self, column, zone):
        # from_utc_timestamp shifts the instant by the zone's offset at it, so its
        # unix_micros count the zone's wall time; whole days of those are the
        # date, whatever spark.sql.session.timeZone is (to_date would use it).
        # Spark 3.3 has no convert_timezone (3.4 on).
        name = "`" + column.name.replace("`", "``") + "`"
        zone_literal = "'" + zone.replace("'", "") + "'"
        return self.functions.expr(
            f"date_from_unix_date(cast(floor(unix_micros(from_utc_timestamp({name}, {zone_literal})) / 86400000000)"
            " as int))"
        )

    @staticmethod
    def now():
        # aware: PySpark reads a naive datetime in the driver's local time zone
        return datetime.datetime.now(datetime.timezone.utc)

    @staticmethod
    def read_table(session, table):
        # as dbt-bigquery's own dbt.ref() reads a table on Dataproc
        return session.read.format("bigquery").load(f"{table.database}.{table.schema}.{table.identifier}")
