"""Run Python models' code as dbt submits it, on a local Snowpark, Spark or DuckDB.

capture_submissions.py writes what dbt-snowflake and dbt-bigquery would
submit; dbt-duckdb's is what it ran, in the project's target/run. Here that
code runs unchanged: dbt's dbtObj, config, this and is_incremental, then the
materialization (Snowflake's `main(session)`, Dataproc's script around
`model(dbt, spark)`, dbt-duckdb's `model(dbt, con)` and `materialize`). Only
the warehouse's tables are stood in for: Snowpark's local testing mode keeps
tables in the session, on Spark the spark-bigquery connector's
`format("bigquery")` reads and writes become temporary views, and DuckDB
keeps them in memory. dbt's own SQL after a Python model (the merge of an
incremental run) is done here by key, as dbt's merge does it. This is the
tests' one way to run the Python models outside dbt.

This file imports neither dbt nor the test helpers: `python
submitted_runner.py JOB.json OUT.json` runs it in the Spark 3.3 venv
(Python 3.10, dbt-bigquery's default Dataproc runtime), and the tests import
it on Spark 4 and Snowpark.
"""

import ast
import datetime
import decimal
import json
import math
import re
import sys

# ------------------------------------------------------------ values


def plain(value):
    """One spelling per value across engines: the emulator returns numpy and
    pandas types (NaN for a NULL string, floats for integer sums)."""
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (float, decimal.Decimal)) and value == int(value):
        return int(value)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return value


def jsonable(value):
    """plain(value), with a timestamp or a date as ISO text: JSON carries the
    rows between the test and the Spark 3.3 venv."""
    value = plain(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return value.isoformat() if isinstance(value, datetime.date) else value


def typed(value, kind):
    if value is None:
        return None
    if kind == "timestamp":
        return datetime.datetime.fromisoformat(value)
    return value


def key_of(name):
    """A relation name as dbt writes it for the adapter, quotes dropped."""
    return re.sub(r'[`"]', "", str(name)).lower()


# the model fullstory_settings, which the Python models read: a row per var
SETTINGS_COLUMNS = {"setting_name": "string", "setting_value": "string"}

# ------------------------------------------------------------ engines


def snowpark_schema(columns):
    """{column: logical type} as a Snowpark schema."""
    from snowflake.snowpark import types

    kinds = {"string": types.StringType, "timestamp": types.TimestampType, "long": types.LongType}
    return types.StructType([types.StructField(c, kinds[t]()) for c, t in columns.items()])


def spark_schema(columns):
    """{column: logical type} as a Spark schema; TimestampType, as BigQuery's
    TIMESTAMP reaches Spark through the connector on Dataproc."""
    from pyspark.sql import types

    kinds = {"string": types.StringType, "timestamp": types.TimestampType, "long": types.LongType}
    return types.StructType([types.StructField(c, kinds[t]()) for c, t in columns.items()])


class SnowparkTables:
    """Snowpark's local testing mode: tables live in the session."""

    def __init__(self, session):
        self.session = session

    def put(self, name, rows, columns):
        data = [tuple(typed(r[c], t) for c, t in columns.items()) for r in rows]
        frame = self.session.create_dataframe(data, schema=snowpark_schema(columns))
        frame.write.save_as_table(name, mode="overwrite")

    def read(self, name):
        return [{k.lower(): jsonable(v) for k, v in row.asDict().items()} for row in self.session.table(name).collect()]

    def execute(self, code, model):
        """Runs the submitted code; returns the name of the table it wrote."""
        namespace = {"__name__": f"dbt_submitted_{model}"}
        exec(compile(code, f"<{model} as dbt-snowflake submits it>", "exec"), namespace)
        assert namespace["main"](self.session) == "OK"
        return re.search(r"save_as_table\('([^']+)'", code).group(1)


class BigQueryReader:
    """spark.read.format("bigquery"): a table of SparkTables.current."""

    def option(self, *_):
        return self

    def load(self, name):
        tables = SparkTables.current
        return tables.spark.table(tables.views[key_of(name)])


class BigQueryWriter:
    """df.write.format("bigquery"): the rows become a table of SparkTables.current."""

    def __init__(self, df):
        self.df = df

    def option(self, *_):
        return self

    def mode(self, mode):
        assert mode == "overwrite", mode
        return self

    def save(self, name):
        SparkTables.current.store(name, self.df.collect(), self.df.schema)
        SparkTables.current.written.append(name)


class SparkTables:
    """Spark with the spark-bigquery connector's reads and writes stood in
    for: a BigQuery table is a temporary view of the rows written to it.
    The newest SparkTables is the one format("bigquery") reaches."""

    current = None

    def __init__(self, spark):
        self.spark, self.views, self.written, self.stored = spark, {}, [], 0
        SparkTables.current = self
        self.stand_in_for_the_connector()

    @staticmethod
    def stand_in_for_the_connector():
        """Route format("bigquery") of Spark's reader and writer to the stand-ins, once per process."""
        from pyspark.sql.readwriter import DataFrameReader, DataFrameWriter

        if getattr(DataFrameReader.format, "bigquery_stand_in", False):
            return
        real_reader_format, real_writer_format = DataFrameReader.format, DataFrameWriter.format

        def reader_format(reader, source):
            return BigQueryReader() if source == "bigquery" else real_reader_format(reader, source)

        def writer_format(writer, source):
            return BigQueryWriter(writer._df) if source == "bigquery" else real_writer_format(writer, source)

        reader_format.bigquery_stand_in = True
        DataFrameReader.format, DataFrameWriter.format = reader_format, writer_format

    def store(self, name, rows, schema):
        self.stored += 1
        view = f"bigquery_stand_in_{self.stored}"  # a new view for each write: a plan may still read the old one
        self.spark.createDataFrame(rows, schema).createOrReplaceTempView(view)
        self.views[key_of(name)] = view

    def put(self, name, rows, columns):
        self.store(name, [tuple(typed(r[c], t) for c, t in columns.items()) for r in rows], spark_schema(columns))

    def read(self, name):
        rows = self.spark.table(self.views[key_of(name)]).collect()
        return [{k.lower(): jsonable(v) for k, v in row.asDict().items()} for row in rows]

    def execute(self, code, model):
        self.written.clear()
        exec(compile(code, f"<{model} as dbt-bigquery submits it>", "exec"), {"__name__": f"dbt_submitted_{model}"})
        assert len(self.written) == 1, self.written
        return self.written[0]


class DuckDBTables:
    """dbt-duckdb's local run of a Python model: the module's dbtObj reading each ref with
    a query on the connection, model(dbt, con), then its materialize(); tables in memory."""

    def __init__(self, con):
        self.con = con

    def put(self, name, rows, columns):
        self.ensure_schema(name)
        kinds = {"string": "varchar", "timestamp": "timestamp", "long": "bigint"}
        self.con.execute(f"create or replace table {name} ({', '.join(f'{c} {kinds[t]}' for c, t in columns.items())})")
        if rows:
            self.con.executemany(
                f"insert into {name} values ({', '.join('?' * len(columns))})",
                [[typed(r[c], t) for c, t in columns.items()] for r in rows],
            )

    def ensure_schema(self, name):
        database, schema, _ = (part.strip('"') for part in name.split("."))
        if database not in {row[0] for row in self.con.execute("show databases").fetchall()}:
            self.con.execute(f"attach ':memory:' as \"{database}\"")
        self.con.execute(f'create schema if not exists "{database}"."{schema}"')

    def read(self, name):
        relation = self.con.sql(f"select * from {name}")
        return [
            {c.lower(): jsonable(v) for c, v in zip(relation.columns, row, strict=True)} for row in relation.fetchall()
        ]

    def execute(self, code, model):
        namespace = {"__name__": f"dbt_submitted_{model}"}
        exec(compile(code, f"<{model} as dbt-duckdb runs it>", "exec"), namespace)
        written = re.search(r"create table (\S+) as select", code).group(1)
        self.ensure_schema(written)
        self.con.execute(f"drop table if exists {written}")
        dbt = namespace["dbtObj"](lambda name: self.con.query(f"select * from {name}"))
        namespace["materialize"](namespace["model"](dbt, self.con), self.con)
        return written


# ------------------------------------------------------------ the runs


def ref_name(code, model):
    """The relation dbt resolved the package's ref to `model` to, in the submitted code
    (the key is "dbt_fullstory.<model>": the models name the package in their refs)."""
    return ast.literal_eval(re.search(r"refs = (\{.*\})", code).group(1))[f"dbt_fullstory.{model}"]


def this_name(code):
    return re.search(r"def __repr__\(self\):\s*return '([^']+)'", code).group(1)


def run_job(tables, job):
    """The runs the tests compare with DuckDB's tables.

    job: codes {sessions, users, pages, sessions_incremental, pages_incremental, users_incremental}, event_columns,
    events (all rows), earlier_events (the events model as it stood before the incremental run) and settings.
    - stored: the three models built on the earlier events;
    - incremental sessions: its incremental code on every event, its rows merged on full_session_id;
    - build: the three models built on every event (sessions first, which the
      incremental pages and users then read, as a run builds it before them);
    - incremental pages and users: their incremental code on every event over their rows
      stored from the earlier events, merged on full_view_id and user_id, and the
      users no session holds deleted, as the model's post-hook deletes them.
    Nine runs of a model: each model stored, built and run incrementally once.
    """
    codes = job["codes"]
    for model in ("sessions", "pages", "users"):
        assert "self.is_incremental = True" in codes[f"{model}_incremental"]
    stored = build(tables, dict(job, events=job["earlier_events"]))
    for model in stored:  # the incremental code runs over the table the build wrote
        assert key_of(this_name(codes[f"{model}_incremental"])) == key_of(this_name(codes[model])), model
    tables.put(ref_name(codes["sessions"], "events"), job["events"], job["event_columns"])
    result = {}
    result["incremental_built"], result["incremental_merged"] = incremental_run(
        tables, codes, "sessions", "full_session_id", stored["sessions"]
    )
    # the stored pages and users tables still hold the earlier rows: only sessions is built again
    sessions_table = tables.execute(codes["sessions"], "sessions")
    result["sessions"] = tables.read(sessions_table)
    built, merged = incremental_run(tables, codes, "pages", "full_view_id", stored["pages"])
    result["incremental_pages_built"], result["incremental_pages_merged"] = built, merged
    built, merged = incremental_run(tables, codes, "users", "user_id", stored["users"])
    held = {r["user_id"] for r in result["sessions"]}
    result["incremental_users_built"] = built
    result["incremental_users_merged"] = [r for r in merged if r["user_id"] in held]
    result["users"] = tables.read(tables.execute(codes["users"], "users"))
    result["pages"] = tables.read(tables.execute(codes["pages"], "pages"))
    return result


def build(tables, job, models=("sessions", "users", "pages")):
    """A first build of `models` (of sessions, users, pages, in that order) on job's events
    and settings (the rows of fullstory_settings); returns each one's rows."""
    codes, columns = job["codes"], job["event_columns"]
    for model in models:
        settings = ref_name(codes[model], "fullstory_settings")
        assert key_of(settings) == key_of(ref_name(codes["sessions"], "fullstory_settings")), "one settings table"
    tables.put(ref_name(codes["sessions"], "events"), job["events"], columns)
    tables.put(ref_name(codes["sessions"], "fullstory_settings"), job["settings"], SETTINGS_COLUMNS)
    result = {}
    sessions_table = tables.execute(codes["sessions"], "sessions")
    result["sessions"] = tables.read(sessions_table)
    if "users" in models:
        assert key_of(sessions_table) == key_of(ref_name(codes["users"], "sessions")), "users reads what sessions wrote"
        result["users"] = tables.read(tables.execute(codes["users"], "users"))
    if "pages" in models:
        assert key_of(sessions_table) == key_of(ref_name(codes["pages"], "sessions")), "pages reads what sessions wrote"
        tables.put(ref_name(codes["pages"], "page_definitions"), [], {"id": "string", "name": "string"})
        result["pages"] = tables.read(tables.execute(codes["pages"], "pages"))
    return result


def incremental_run(tables, codes, model, key, stored):
    """`model`'s incremental code run on the events now in place, over its `stored` rows,
    and its rows merged on `key`, as dbt's merge does. Returns the rows the incremental
    code built and the merged table's rows."""
    built = tables.read(tables.execute(codes[f"{model}_incremental"], f"{model}_incremental"))
    rebuilt = {r[key] for r in built}
    merged = [r for r in stored if r[key] not in rebuilt] + built
    # the rows written with total_events 0 (a page view or session its events left): the
    # post-hook of sessions and pages deletes them (delete_emptied_rows)
    return built, [r for r in merged if r.get("total_events", 1) != 0]


def spark_session():
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("dbt_fullstory_tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )


def main(job_path, out_path):
    import pyspark

    with open(job_path) as f:
        job = json.load(f)
    spark = spark_session()
    try:
        result = run_job(SparkTables(spark), job)
    finally:
        spark.stop()
    result["spark_version"] = pyspark.__version__
    result["python_version"] = "{}.{}".format(*sys.version_info[:2])
    with open(out_path, "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
