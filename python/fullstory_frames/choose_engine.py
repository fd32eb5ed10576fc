"""Which engine runs a model: the one for what dbt.ref() returned."""

from .dataframe_engine import DataFrameEngine, PySparkDialect, SnowparkDialect
from .duckdb_engine import DuckDBEngine


def engine_for(session, relation, read_table=None):
    """The engine for what dbt.ref() returned: a DuckDB relation or a DataFrame.

    read_table(session, this) reads a stored table (dbt.this) as a frame of
    that engine; None: the engine's own way, as dbt's ref() reads a table.
    """
    module = type(relation).__module__
    if module.split(".")[0] in ("duckdb", "_duckdb"):
        return DuckDBEngine(session, relation, read_table)
    if module.startswith("snowflake.snowpark"):
        return DataFrameEngine(SnowparkDialect(), session, relation, read_table)
    if module.startswith("pyspark"):
        return DataFrameEngine(PySparkDialect(), session, relation, read_table)
    raise NotImplementedError(
        f"dbt_fullstory: the sessions and users models run on DuckDB, Snowpark and PySpark, not on {module}"
    )
