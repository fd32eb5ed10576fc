"""Run `dbt parse` once per set of vars, in one process, and print what each
run said, as JSON: [{"success": bool, "output": text, "database_created": bool}].

    python parse_many.py PROJECT SCRATCH < var_sets.json

dbt's programmatic runner (dbtRunner) parses the project as the command line
does; one process for every set spares the few seconds a `dbt` process
spends starting and importing its adapters, which was most of the time of
each bad-var test. Each set gets a DuckDB file of its own under SCRATCH, to
show that nothing reached the warehouse.
"""

import json
import os
import pathlib
import sys

from dbt.cli.main import dbtRunner


def parse(project, variables, database):
    said = []
    os.environ["DBT_FULLSTORY_DUCKDB_PATH"] = str(database)
    runner = dbtRunner(callbacks=[lambda event: said.append(event.info.msg)])
    result = runner.invoke(
        ["parse", "--vars", json.dumps(variables), "--project-dir", str(project), "--profiles-dir", str(project)]
    )
    if result.exception is not None:
        said.append(str(result.exception))
    return {"success": result.success, "output": "\n".join(said), "database_created": database.exists()}


def main():
    project, scratch = (pathlib.Path(argument) for argument in sys.argv[1:3])
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    os.chdir(project)
    results = [parse(project, variables, scratch / f"{i}.duckdb") for i, variables in enumerate(json.load(sys.stdin))]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
