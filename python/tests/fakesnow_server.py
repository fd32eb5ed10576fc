"""fakesnow's server (`python -m fakesnow`), with a shim for a fakesnow bug
that real Snowflake does not have.

fakesnow turns `create table t (columns...) as select ...` (dbt-snowflake's
form for a model with an enforced contract) into DuckDB SQL, and on the way
asks DuckDB to DESCRIBE the select. It writes that select in sqlglot's
generic dialect, not DuckDB's: a select that reads a JSON path
(`get_path(payload, 'user_id')::varchar`, which events does after
deduplication) becomes JSON_EXTRACT_SCALAR, which DuckDB does not have, and
the statement fails (dbt-snowflake then retries it until the test's timeout).
The shim writes the DESCRIBE in DuckDB's dialect; everything else is
fakesnow's own.
"""

import fakesnow.cli
import fakesnow.transforms
import sqlglot

fakesnow_create_table_as = fakesnow.transforms.create_table_as


class DescribeInDuckDB:
    """A DuckDB connection whose DESCRIBE statements are rewritten from
    sqlglot's generic dialect into DuckDB's."""

    def __init__(self, connection):
        self.connection = connection

    def execute(self, sql, *args, **kwargs):
        if sql.startswith("DESCRIBE "):
            sql = "DESCRIBE " + sqlglot.transpile(sql.removeprefix("DESCRIBE "), write="duckdb")[0]
        return self.connection.execute(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.connection, name)


def create_table_as(expression, duck_conn):
    return fakesnow_create_table_as(expression, DescribeInDuckDB(duck_conn))


fakesnow.transforms.create_table_as = create_table_as

if __name__ == "__main__":
    fakesnow.cli.main()
