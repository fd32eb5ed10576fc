"""Bad vars stop dbt while it parses the project (no warehouse involved),
with a message that names the var and the value; good spellings pass."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

from conftest import INTEGRATION, dbt

BAD_VARS = [
    ({"fullstory_event_types": ["click", "bad-type"]}, "fullstory_event_types", '"bad-type"'),
    ({"fullstory_event_types": "click,navigate"}, "fullstory_event_types", '"click,navigate"'),
    # FullStory writes event types in lower case: Click would count no click
    ({"fullstory_event_types": ["Click", "navigate"]}, "fullstory_event_types", "lower case"),
    ({"fullstory_incremental_interval": "soon"}, "fullstory_incremental_interval", '"soon"'),
    ({"fullstory_incremental_interval": "INTERVAL 7 FORTNIGHT"}, "fullstory_incremental_interval", "FORTNIGHT"),
    # a million days parsed, then failed the next incremental run with a date out of range
    ({"fullstory_incremental_interval": "INTERVAL 1000000 DAY"}, "fullstory_incremental_interval", "at most 3650 days"),
    ({"fullstory_incremental_interval": 3651}, "fullstory_incremental_interval", "at most 3650 days"),
    ({"fullstory_max_lateness": 1000000}, "fullstory_max_lateness", "at most 3650 days"),
    # total_web_events of sessions and users is the count of web events: a type `web` would take its name
    ({"fullstory_event_types": ["click", "web"]}, "fullstory_event_types", "total_web_events"),
    ({"fullstory_event_types": ["mobile_app"]}, "fullstory_event_types", "total_mobile_app_events"),
    ({"fullstory_event_types": ["server"]}, "fullstory_event_types", "total_server_events"),
    ({"fullstory_max_lateness": "a while"}, "fullstory_max_lateness", '"a while"'),
    ({"fullstory_min_event_time": "yesterday"}, "fullstory_min_event_time", '"yesterday"'),
    ({"fullstory_min_event_time": "2026-02-30"}, "fullstory_min_event_time", '"2026-02-30"'),
    ({"fullstory_org_id": "o-1'; drop table x"}, "fullstory_org_id", "drop table"),
    ({"fullstory_replay_host": "app.fullstory.com/evil path"}, "fullstory_replay_host", "evil path"),
    ({"fullstory_sessions_model_name": "my sessions"}, "fullstory_sessions_model_name", '"my sessions"'),
    ({"fullstory_pages_model_name": "pages-2"}, "fullstory_pages_model_name", '"pages-2"'),
    ({"fullstory_allow_full_refresh": "yes"}, "fullstory_allow_full_refresh", '"yes"'),
    ({"fullstory_reconcile_events": "no"}, "fullstory_reconcile_events", '"no"'),
    ({"fullstory_definitions": "yes"}, "fullstory_definitions", '"yes"'),
    ({"fullstory_definitions": 1}, "fullstory_definitions", "1"),
    ({"fullstory_definitions_schema": "my schema"}, "fullstory_definitions_schema", '"my schema"'),
    ({"fullstory_dataproc_submission_method": "notebook"}, "fullstory_dataproc_submission_method", '"notebook"'),
    ({"fullstory_source_format": "parquet"}, "fullstory_source_format", '"parquet"'),
    ({"fullstory_export_path": "s3://b/x'; drop"}, "fullstory_export_path", "drop"),
    ({"fullstory_export_path": "/data/export [old]"}, "fullstory_export_path", "[old]"),
    ({"fullstory_export_path": "/data/fs", "fullstory_source_format": "table"}, "fullstory_source_format", "table"),
    ({"fullstory_duckdb_memory_limit": "4GB'; drop"}, "fullstory_duckdb_memory_limit", "drop"),
    ({"fullstory_duckdb_memory_limit": "lots"}, "fullstory_duckdb_memory_limit", '"lots"'),
    ({"fullstory_duckdb_threads": 0}, "fullstory_duckdb_threads", "0"),
    ({"fullstory_duckdb_threads": "4"}, "fullstory_duckdb_threads", '"4"'),
    # YAML reads an unquoted 3.10 as the number 3.1: the message says to quote it
    ({"fullstory_snowpark_python_version": 3.1}, "fullstory_snowpark_python_version", 'write "3.10"'),
    ({"fullstory_snowpark_python_version": "py3"}, "fullstory_snowpark_python_version", '"py3"'),
    ({"fullstory_timezone": "Europe/Berlinn"}, "fullstory_timezone", '"Europe/Berlinn"'),
    ({"fullstory_timezone": "EST+5"}, "fullstory_timezone", '"EST+5"'),
    ({"fullstory_conversions": [{"name": "my order", "event_name": "x"}]}, "fullstory_conversions", "my order"),
    ({"fullstory_conversions": [{"name": "o", "event": "x"}]}, "fullstory_conversions", "unknown: event"),
    ({"fullstory_conversions": [{"name": "o"}]}, "fullstory_conversions", "at least one of event_type"),
    (
        {"fullstory_conversions": [{"name": "o", "event_type": "click"}, {"name": "O", "event_name": "x"}]},
        "fullstory_conversions",
        "o is there twice",
    ),
    ({"fullstory_conversions": {"name": "o", "event_type": "click"}}, "fullstory_conversions", "a list of"),
    # users.first_seen_time would be both the user's first session and this conversion's first time
    ({"fullstory_conversions": [{"name": "Seen", "event_type": "click"}]}, "fullstory_conversions", "first_seen_time"),
    ({"fullstory_conversions": [{"name": "o", "event_type": "Click"}]}, "fullstory_conversions", "lower case"),
]


def parse_many(project, var_sets, scratch):
    """`dbt parse` of `project` with each of `var_sets`, all in one process
    (parse_many.py): what each said."""
    done = subprocess.run(
        [sys.executable, str(pathlib.Path(__file__).with_name("parse_many.py")), str(project), str(scratch)],
        input=json.dumps(var_sets),
        capture_output=True,
        text=True,
        timeout=900,
        env=dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false"),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(results) == len(var_sets)
    return results


@pytest.fixture(scope="session")
def bad_var_parses(integration_project, tmp_path_factory):
    """What `dbt parse` said with each set of BAD_VARS."""
    return parse_many(integration_project, [bad for bad, _, _ in BAD_VARS], tmp_path_factory.mktemp("bad_vars"))


# ids: the case's number and var (JSON in an id, with its brackets, kept xdist from reading the group)
@pytest.mark.parametrize("case", range(len(BAD_VARS)), ids=[f"{i:02d}-{c[1]}" for i, c in enumerate(BAD_VARS)])
def test_a_bad_var_stops_the_parse_naming_it(bad_var_parses, case):
    _, name, shown = BAD_VARS[case]
    result = bad_var_parses[case]
    assert not result["success"]
    assert f"var '{name}'" in result["output"] and shown in result["output"], result["output"][-2000:]
    assert not result["database_created"]  # nothing reached the warehouse


def test_good_vars_parse_in_the_same_runner(integration_project, tmp_path):
    """The runner of the bad-var tests parses the project when the vars are
    good, so that their failures come from the vars."""
    (result,) = parse_many(integration_project, [{"fullstory_timezone": "Europe/Berlin"}], tmp_path)
    assert result["success"], result["output"][-2000:]


@pytest.mark.slow  # six dbt compiles, ~25 s together
@pytest.mark.parametrize(
    "spelling,seconds",
    [
        ("INTERVAL 7 DAY", 7 * 86400),
        ("interval '12' hour", 12 * 3600),
        ("interval '3 days'", 3 * 86400),
        (5, 5 * 86400),
        ("2", 2 * 86400),
        ("INTERVAL 90 MINUTE", 90 * 60),
    ],
)
def test_interval_spellings(integration_project, tmp_path, spelling, seconds):
    result = dbt(
        "--quiet",
        "compile",
        "--inline",
        "{{ dbt_fullstory.incremental_interval_seconds() }}",
        "--vars",
        json.dumps({"fullstory_incremental_interval": spelling}),
        project=integration_project,
        database=tmp_path / "x.duckdb",
    )
    assert result.stdout.strip().splitlines()[-1] == str(seconds)


def test_the_python_models_run_with_the_same_settings(integration_project, tmp_path):
    # _fullstory__sessions.yml and _fullstory__users.yml each set them (YAML anchors do not cross files)
    settings = {
        "fullstory_dataproc_submission_method": "cluster",
        "fullstory_dataproc_cluster_name": "etl",
        "fullstory_snowpark_python_version": "3.10",
    }
    # with dbt 1.11, `dbt parse --vars` wrote the manifest's configs without the vars; `dbt ls` renders them
    dbt(
        "ls",
        "-s",
        "sessions",
        "--vars",
        json.dumps(settings),
        project=integration_project,
        database=tmp_path / "x.duckdb",
    )
    nodes = json.loads((integration_project / "target" / "manifest.json").read_text())["nodes"]
    sessions, users, pages = (nodes[f"model.dbt_fullstory.{m}"]["config"] for m in ("sessions", "users", "pages"))
    wanted = {"python_version": "3.10", "submission_method": "cluster", "dataproc_cluster_name": "etl"}
    assert {k: sessions[k] for k in wanted} == {k: users[k] for k in wanted} == {k: pages[k] for k in wanted} == wanted


def test_events_model_refuses_to_overwrite_its_own_source(integration_project, tmp_path):
    # the defaults point the source at <target schema>.events: the events model's own relation
    result = dbt(
        "compile",
        "-s",
        "events",
        "--vars",
        json.dumps({"fullstory_events_table": "events"}),
        project=integration_project,
        database=tmp_path / "x.duckdb",
        check=False,
    )
    assert result.returncode != 0
    assert "would be built over its own source" in result.stdout


@pytest.mark.slow
def test_the_reconciliation_tests_have_a_var_of_their_own(integration_project, tmp_path):
    def listed(variables):
        result = dbt(
            "--quiet",
            "ls",
            "--resource-type",
            "test",
            "-s",
            "tag:fullstory_reconciliation",
            "--vars",
            json.dumps(variables),
            project=integration_project,
            database=tmp_path / "x.duckdb",
        )
        return sorted(line.split(".")[-1] for line in result.stdout.split())

    assert listed({}) == ["fullstory_missing_events", "fullstory_unplaced_events", "fullstory_unseen_event_types"]
    assert listed({"fullstory_reconcile_events": False}) == []
    assert listed({"fullstory_count_dropped_rows": False}) == listed({})  # the dropped-rows var is another


def test_duckdb_settings_become_a_pre_hook(integration_project, tmp_path):
    """The DuckDB vars reach the models as SET statements; unset, no statement."""
    settings = {"fullstory_duckdb_memory_limit": "3GB", "fullstory_duckdb_threads": 2}
    hooks = {}
    for name, variables in (("set", settings), ("unset", {})):
        hooks[name] = dbt(
            "--quiet",
            "compile",
            "--inline",
            "{{ dbt_fullstory.duckdb_settings() }}",
            "--vars",
            json.dumps(variables),
            project=integration_project,
            database=tmp_path / "x.duckdb",
        ).stdout.strip()
    assert hooks["set"].splitlines()[-2:] == ["set memory_limit = '3GB';", "set threads = 2"]
    assert hooks["unset"] == ""


BIGQUERY_PROFILE = """
integration_tests:
  target: bigquery
  outputs:
    bigquery:
      type: bigquery
      method: oauth-secrets
      token: offline
      project: fullstory-test
      dataset: dbt_fullstory_integration
      location: US
      gcs_bucket: my-bucket
      dataproc_region: us-central1
"""


@pytest.mark.slow  # four dbt compiles, ~25 s together
@pytest.mark.parametrize(
    "profile,variables,method,cluster",
    [
        ({}, {}, "serverless", None),  # dbt-bigquery's default
        ({"submission_method": "cluster", "dataproc_cluster_name": "team-cluster"}, {}, "cluster", "team-cluster"),
        (
            {"submission_method": "cluster", "dataproc_cluster_name": "team-cluster"},
            {"fullstory_dataproc_submission_method": "serverless"},
            "serverless",
            "team-cluster",
        ),
        (
            {},
            {"fullstory_dataproc_submission_method": "cluster", "fullstory_dataproc_cluster_name": "c2"},
            "cluster",
            "c2",
        ),
    ],
    ids=["defaults", "profile", "var-over-profile", "vars"],
)
def test_dataproc_settings_come_from_the_profile_unless_a_var_is_set(tmp_path, profile, variables, method, cluster):
    """With the vars unset, the Python models' config carries the profile's
    submission_method and dataproc_cluster_name (a config value would win over
    the profile in dbt-bigquery)."""
    project = INTEGRATION.parent / "bigquery"
    dbt("deps", project=project, env={"BIGQUERY_PROJECT": "fullstory-test"})
    text = BIGQUERY_PROFILE + "".join(f"      {k}: {v}\n" for k, v in profile.items())
    (tmp_path / "profiles.yml").write_text(text)
    dbt("parse", "--vars", json.dumps(variables), project=project, profiles_dir=tmp_path)
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    for model in ("sessions", "users", "pages"):
        config = manifest["nodes"][f"model.dbt_fullstory.{model}"]["config"]
        assert (config["submission_method"], config["dataproc_cluster_name"]) == (method, cluster), model


# text a SQL literal must carry as it is: a quote, a backslash, a double quote, non-ASCII
AWKWARD_NAME = 'O\'Brien \\ "Kauf" abgeschlossen ✓'


def test_the_python_models_read_the_vars_normalized_from_fullstory_settings(integration_project, tmp_path):
    """The rows of the model fullstory_settings, as the Python models read them (read_settings),
    for vars a user may write: no org id, a fractional interval in days, a conversion in mixed case
    whose event name needs escaping."""
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
    from fullstory_frames.settings import Conversion, read_settings

    variables = {
        "fullstory_org_id": None,
        "fullstory_incremental_interval": 1.5,
        "fullstory_timezone": "Europe/Berlin",
        "fullstory_event_types": ["click", "custom"],
        "fullstory_conversions": [
            {"name": "Purchase", "event_name": AWKWARD_NAME},
            {"name": "c2", "event_type": "click"},
        ],
    }
    database = tmp_path / "x.duckdb"
    dbt(
        "run",
        "-s",
        "fullstory_settings",
        "--vars",
        json.dumps(variables),
        project=integration_project,
        database=database,
    )
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        settings = read_settings(con.table("analytics.fullstory_settings"))
    assert settings.event_types == ("click", "custom")
    assert settings.replay_url_prefix is None
    assert settings.incremental_interval.total_seconds() == 1.5 * 86400
    assert settings.timezone == "Europe/Berlin"
    assert settings.conversions == (
        Conversion("purchase", (("event_type", "custom"), ("event_name", AWKWARD_NAME))),
        Conversion("c2", (("event_type", "click"),)),
    )
