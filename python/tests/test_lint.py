"""The pre-commit hooks pass on the tree, and the project rules catch what they should."""

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

BIN = pathlib.Path(sys.executable).parent
# the hooks are `language: system`: they run the tools of this venv
ENV = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", DBT_SEND_ANONYMOUS_USAGE_STATS="false")


def run(*args, cwd):
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def test_pre_commit_hooks_pass_on_the_whole_tree():
    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit needs the git checkout")
    done = run(str(BIN / "pre-commit"), "run", "--all-files", "--show-diff-on-failure", "--color", "never", cwd=ROOT)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    results = dict(line.rsplit(".", 1) for line in done.stdout.splitlines() if line.endswith(("Passed", "Failed")))
    hooks = [
        "sqlfluff",
        "ruff check",
        "ruff format",
        "Python models carry",
        "integration projects carry",
        "dbt project rules",
    ]
    for hook in hooks:
        assert [result for name, result in results.items() if name.startswith(hook)] == ["Passed"], done.stdout


def test_sqlfluff_fails_on_bad_sql(tmp_path):
    # the same config and stand-ins as the tree, on a model with a layout error
    for name in [".sqlfluff", "lint"]:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "bad.sql").write_text("SELECT a,b FROM {{ ref('events') }}\n")
    done = run(str(BIN / "sqlfluff"), "lint", "models", cwd=tmp_path)
    assert done.returncode != 0 and "models/bad.sql" in done.stdout, done.stdout


def project_copy(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ["dbt_project.yml", "profiles.yml", "packages.yml", "pyproject.toml"]:
        shutil.copy(ROOT / name, project / name)
    for name in ["models", "macros", "seeds", "lint"]:
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    return project


def failures(done):
    """{model name: {rule: message}} of the items that failed, from dbt-score's JSON."""
    report = json.loads(done.stdout[done.stdout.index("{") :])
    return {
        unique_id.split(".")[-1]: {
            rule.split(".")[-1]: result["message"]
            for rule, result in item["results"].items()
            if result["result"] != "OK"
        }
        for unique_id, item in report["evaluables"].items()
        if not item["pass"]
    }


def test_project_rules_fail_naming_the_model(tmp_path):
    """One parse of a broken copy: each rule names the model that breaks it."""
    project = project_copy(tmp_path)
    models_yml = project / "models" / "_fullstory__events.yml"
    text = models_yml.read_text()
    start = text.index("- name: events\n  description: >-\n")
    end = text.index("  config:", start)
    models_yml.write_text(text[:start] + "- name: events\n" + text[end:])  # events loses its description
    (project / "models" / "hard_coded.sql").write_text("select event_id from analytics.events\n")
    (project / "models" / "reads_source.sql").write_text("select event_id from {{ source('fullstory', 'events') }}\n")
    (project / "models" / "_more.yml").write_text(
        "version: 2\nmodels:\n"
        + "".join(
            f"- name: {name}\n  description: A model.\n  columns:\n  - name: event_id\n    description: The key.\n"
            f"    data_tests: [unique, not_null]\n"
            for name in ["hard_coded", "reads_source"]
        )
    )
    done = run(str(project / "lint" / "project_rules"), "--format", "json", cwd=project)
    assert done.returncode != 0, done.stdout[-3000:]
    failed = failures(done)
    assert set(failed) == {"events", "hard_coded", "reads_source"}, failed
    assert set(failed["events"]) == {"has_description"}
    assert set(failed["hard_coded"]) == {"no_hard_coded_relations"} and "analytics.events" in str(failed["hard_coded"])
    assert set(failed["reads_source"]) == {"sources_only_in_staging"}


def test_project_rules_want_a_tested_key_and_described_columns(tmp_path):
    project = project_copy(tmp_path)
    (project / "models" / "no_key.sql").write_text("select 1 as id, 2 as other from {{ ref('events') }}\n")
    (project / "models" / "_more.yml").write_text(
        "version: 2\nmodels:\n- name: no_key\n  description: A model.\n  columns:\n"
        "  - name: id\n    description: Not tested.\n  - name: other\n"
    )
    done = run(str(project / "lint" / "project_rules"), "--format", "json", cwd=project)
    assert done.returncode != 0
    assert set(failures(done)) == {"no_key"}
    assert set(failures(done)["no_key"]) == {"key_is_tested_unique_and_not_null", "columns_have_description"}
