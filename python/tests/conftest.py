"""Shared helpers: paths, and running dbt as a user would (a subprocess)."""

import os
import pathlib
import subprocess
import sys

import duckdb
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
INTEGRATION = ROOT / "integration_tests" / "duckdb"
sys.path.insert(0, str(ROOT / "python"))


def dbt(*args, project, database=None, env=None, check=True, timeout=900, profiles_dir=None):
    """Run `dbt ARGS` in a project with its profiles.yml (or the one in
    profiles_dir) and the given DuckDB file (or, for the warehouse projects,
    the given environment)."""
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", **(env or {}))
    if database is not None:
        env["DBT_FULLSTORY_DUCKDB_PATH"] = str(database)
    done = subprocess.run(
        [
            str(pathlib.Path(sys.executable).parent / "dbt"),
            *args,
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(profiles_dir or project),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{done.stdout[-8000:]}\n{done.stderr[-3000:]}")
    return done


MODELS = ("events", "sessions", "users", "pages")


def model_differences(incremental, full, models=MODELS):
    """Rows of each model (schema analytics) in one DuckDB file and not the
    other, as multisets: {} when a run equals the full refresh it is compared with."""
    with duckdb.connect() as con:
        con.execute(f"attach '{incremental}' as inc (read_only)")
        con.execute(f"attach '{full}' as ref (read_only)")
        found = {}
        for model in models:
            a = f"select * from inc.analytics.{model}"
            b = f"select * from ref.analytics.{model}"
            extra = con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0]
            missing = con.execute(f"select count(*) from ({b} except all {a})").fetchone()[0]
            if extra or missing:
                found[model] = {"not in the full refresh": extra, "missing": missing}
    return found


@pytest.fixture(scope="session")
def integration_project():
    """The DuckDB integration project with the package installed (dbt deps)."""
    dbt("deps", project=INTEGRATION, database=INTEGRATION / "target" / "unused.duckdb")
    return INTEGRATION


# Tables that tests report (the cross-engine comparison), printed after the
# run: output written while a test runs is captured.
REPORTS = []


def pytest_terminal_summary(terminalreporter):
    for lines in REPORTS:
        terminalreporter.write_line("")
        for line in lines:
            terminalreporter.write_line(line)
