"""FullStory's Parquet export read in place gives the models the warehouse
table gives: the same generated events, synced as a DuckDB table and written
as the export (hourly partitions, re-synced rows in new ones, the export's
types), built by the package in two databases, equal row for row."""

import json
import shutil

import duckdb
import pytest

from conftest import ROOT, dbt
from generate_events import generate, write_export

pytestmark = pytest.mark.slow  # the package built twice on generated events

MODELS = ("events", "sessions", "users", "pages")


def test_the_export_and_the_table_give_the_same_models(tmp_path):
    table_db, export_db, root = tmp_path / "table.duckdb", tmp_path / "export.duckdb", tmp_path / "fullstory_o-1"
    generate(table_db, events=5000, seed=11)
    shutil.copy(table_db, export_db)
    partitions = write_export(export_db, root)
    assert partitions > 50  # hourly, over the generated weeks
    with duckdb.connect(str(export_db)) as con:  # only the files remain to read
        con.execute("drop table fullstory.events")
    runs = {
        table_db: {"fullstory_events_schema": "fullstory"},
        export_db: {"fullstory_export_path": str(root)},
    }
    for database, variables in runs.items():
        variables = json.dumps({**variables, "fullstory_org_id": "o-1"})
        dbt("seed", "--vars", variables, project=ROOT, database=database)
        dbt("run", "--vars", variables, project=ROOT, database=database)
    # page_name comes from the definitions, which the export has and this table source does not
    columns = {"pages": "* exclude (page_name)"}
    rows = {}
    for database in runs:
        with duckdb.connect(str(database), read_only=True) as con:
            rows[database] = {
                m: sorted(map(repr, con.execute(f"select {columns.get(m, '*')} from analytics.{m}").fetchall()))
                for m in MODELS
            }
    with duckdb.connect(str(export_db), read_only=True) as con:
        named = con.execute("select count(*) from analytics.pages where page_name is not null").fetchone()[0]
    with duckdb.connect(str(table_db), read_only=True) as con:
        unnamed = con.execute("select count(*) from analytics.pages where page_name is not null").fetchone()[0]
    assert named > 0 and unnamed == 0
    for model in MODELS:
        assert len(rows[table_db][model]) > 100, model
        assert rows[export_db][model] == rows[table_db][model], model
