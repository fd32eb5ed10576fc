"""Shared helpers: paths, and running dbt as a user would (a subprocess)."""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import duckdb
import pytest
from _pytest.nodeid import coerce_node_id

ROOT = pathlib.Path(__file__).resolve().parents[2]
INTEGRATION = ROOT / "integration_tests" / "duckdb"
# dbt's target/ and logs/ of this pytest process (an xdist worker) when it runs the package's own folder
PROCESS_FOLDER = pathlib.Path(tempfile.mkdtemp(prefix="dbt_fullstory-tests-"))
sys.path.insert(0, str(ROOT / "python"))


def dbt(*args, project, database=None, env=None, check=True, timeout=900, profiles_dir=None):
    """Run `dbt ARGS` in a project with its profiles.yml (or the one in
    profiles_dir) and the given DuckDB file (or, for the warehouse projects,
    the given environment). Returns what it printed as `.stdout` and its exit
    code as `.returncode`. dbt runs in this process (in_process), as the
    command line does but without the seconds a new process spends importing
    dbt and its adapters; a test that sets the machine's time zone (TZ, read
    when a process starts), or wants what --quiet prints (no event of the
    runner tells it apart), gets a subprocess."""
    arguments = [*args, "--project-dir", str(project), "--profiles-dir", str(profiles_dir or project)]
    if pathlib.Path(project).resolve() == ROOT:  # the package's folder: this process's target/ and logs/
        arguments += [] if "--target-path" in args else ["--target-path", str(PROCESS_FOLDER / "target")]
        arguments += [] if "--log-path" in args else ["--log-path", str(PROCESS_FOLDER / "logs")]
    if "TZ" not in (env or {}) and "--quiet" not in args:
        done = in_process(arguments, project, database, env or {})
    else:
        env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", **(env or {}))
        if database is not None:
            env["DBT_FULLSTORY_DUCKDB_PATH"] = str(database)
        done = subprocess.run(
            [str(pathlib.Path(sys.executable).parent / "dbt"), *arguments],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    if check and done.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{done.stdout[-8000:]}\n{done.stderr[-3000:]}")
    return done


def in_process(arguments, project, database, env):
    """dbt's programmatic runner (dbtRunner) with the console's messages
    collected as stdout, in the project's folder, with its DuckDB file and
    the environment variables `env` (a stand-in's profile settings).
    dbt-duckdb keeps its database open for the next invocation of the
    process; it is closed after each one, so that the test (and the next
    invocation, with another file) open it as a new process would."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.cli.main import dbtRunner

    said = []

    def keep(event):
        if event.info.level in ("info", "warn", "error"):
            said.append(event.info.msg)

    saved_environment, saved_folder = dict(os.environ), os.getcwd()
    os.environ.update(env, DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    if database is not None:
        os.environ["DBT_FULLSTORY_DUCKDB_PATH"] = str(database)
    os.chdir(project)
    try:
        result = dbtRunner(callbacks=[keep]).invoke(arguments)
    finally:
        with DuckDBConnectionManager._LOCK:
            if DuckDBConnectionManager._ENV is not None:
                DuckDBConnectionManager._ENV.close()
                DuckDBConnectionManager._ENV = None
        os.chdir(saved_folder)
        os.environ.clear()
        os.environ.update(saved_environment)
    if result.exception is not None:
        said.append(f"Encountered an error:\n{result.exception}")
    return subprocess.CompletedProcess(arguments, 0 if result.success else 1, "\n".join(said), "")


def markdown_pages():
    """The repository's markdown pages (committed, or new and not ignored) that exist."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if (ROOT / name).exists()]


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
def integration_project(tmp_path_factory):
    """The DuckDB integration project with the package installed (dbt deps):
    a copy of its own for this pytest process (each xdist worker has one), so
    that two workers never write one target/ or logs/ folder."""
    project = tmp_path_factory.mktemp("integration") / "duckdb"
    shutil.copytree(INTEGRATION, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    (project / "packages.yml").write_text(f"packages:\n  - local: {ROOT}\n")
    dbt("deps", project=project, database=project / "target" / "unused.duckdb")
    return project


# How pytest-xdist shares the tests out (scripts/test: --dist loadgroup): a
# group runs on one worker, one test at a time.
#   - Tests that run dbt in a folder of the repository itself and its target/
#     (the demo, the lint hooks, the benchmark; the Snowflake and BigQuery
#     integration projects) share that folder.
#   - A module's tests share its module-scoped fixture (a built project, a
#     site), which each worker would otherwise build again.
#   - The modules whose every test builds its own project are spread.
ROOT_MODULES = ("test_demo", "test_lint", "test_benchmark")
WAREHOUSE_TESTS = (
    "test_warehouse_sql.py::",
    "test_submitted_models.py::",
    "test_definitions.py::test_warehouse_tables_on_the_stand_ins",
    "test_vars.py::test_dataproc",
)
SPREAD_MODULES = (
    "test_integration_duckdb",
    "test_incremental_property",
    "test_export_incremental_property",
    "test_bad_input",
    "test_definitions",
    "test_vars",
    "test_user_project",
)


def xdist_group(nodeid):
    """The group of a test (see above), or None: any worker, on its own."""
    test = nodeid.removeprefix("python/tests/")
    module = test.split(".py::")[0]
    if test.startswith(ROOT_MODULES):
        return "root"
    if test.startswith(WAREHOUSE_TESTS):
        return "bigquery_project" if "bigquery" in test or "dataproc" in test else "snowflake_project"
    if test.startswith("test_vars.py::test_a_bad_var_stops_the_parse"):
        return "bad_vars"  # one parse of every bad var set (bad_var_parses)
    if module == "test_user_project":
        return "user_project-" + ("export" if "[export" in test else "table")  # the built fixture's two params
    return None if module in SPREAD_MODULES else module


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if (group := xdist_group(item.nodeid)) is not None:
            item.add_marker(pytest.mark.xdist_group(group))
            if getattr(config.option, "loadgroup", False):  # on an xdist worker of --dist loadgroup
                # the group as the id's suffix, which the scheduler reads: xdist 3.8 writes it to
                # item._nodeid, which pytest 9 no longer reads (its groups were silently ignored)
                item._id = coerce_node_id(f"{item.nodeid}@{group}")


# Tables that tests report (the submitted-code comparisons), printed after the
# run: output written while a test runs is captured, and under xdist it is in
# a worker. A test hands its lines to `report`; they travel with its result.
REPORTS = []


@pytest.fixture
def report(request):
    return lambda lines: request.node.user_properties.append(("report", list(lines)))


def pytest_runtest_logreport(report):
    if report.when == "call":
        REPORTS.extend(value for key, value in report.user_properties if key == "report")


def pytest_terminal_summary(terminalreporter):
    for lines in REPORTS:
        terminalreporter.write_line("")
        for line in lines:
            terminalreporter.write_line(line)
