"""The integration projects (integration_tests/duckdb, snowflake, bigquery)
take their vars and seed column types from integration_tests/shared.yml:
generate_projects.py writes them, and no project may drift from it."""

import shutil
import subprocess
import sys

import yaml

from conftest import ROOT

INTEGRATION_TESTS = ROOT / "integration_tests"
GENERATOR = INTEGRATION_TESTS / "generate_projects.py"


def shared():
    return yaml.safe_load((INTEGRATION_TESTS / "shared.yml").read_text())


def generate(*args, root=INTEGRATION_TESTS):
    return subprocess.run(
        [sys.executable, str(root / GENERATOR.name), *args], capture_output=True, text=True, timeout=60
    )


def test_every_project_is_generated_from_shared_yml():
    done = generate("--check")
    assert done.returncode == 0, f"{done.stdout[-4000:]}\n{done.stderr}"


def test_every_project_loads_the_shared_vars_and_its_own_type_names():
    """What dbt reads from each dbt_project.yml, independently of the generator's text handling."""
    wanted = shared()
    assert set(wanted["type_names"]) == {"duckdb", "snowflake", "bigquery"}
    for project, names in wanted["type_names"].items():
        loaded = yaml.safe_load((INTEGRATION_TESTS / project / "dbt_project.yml").read_text())
        assert loaded["vars"] == wanted["vars"], project
        column_types = loaded["seeds"]["dbt_fullstory_integration_tests"]["+column_types"]
        assert column_types == {c: names[t] for c, t in wanted["seed_column_types"].items()}, project


def copy_of_the_projects(tmp_path):
    copy = tmp_path / "integration_tests"
    copy.mkdir()
    shutil.copy(GENERATOR, copy)
    shutil.copy(INTEGRATION_TESTS / "shared.yml", copy)
    for project in shared()["type_names"]:
        (copy / project).mkdir()
        shutil.copy(INTEGRATION_TESTS / project / "dbt_project.yml", copy / project)
    return copy


def test_a_project_edited_alone_is_reported_then_rewritten(tmp_path):
    copy = copy_of_the_projects(tmp_path)
    project = copy / "snowflake" / "dbt_project.yml"
    original = project.read_text()
    project.write_text(original.replace("fullstory_org_id: o-TEST-1", "fullstory_org_id: o-OTHER-1"))

    checked = generate("--check", root=copy)
    assert checked.returncode == 1
    assert "stale: integration_tests/snowflake/dbt_project.yml." in checked.stdout, checked.stdout
    assert "-  fullstory_org_id: o-OTHER-1" in checked.stdout  # the diff shows what the rewrite undoes

    rewritten = generate(root=copy)
    assert rewritten.returncode == 0, rewritten.stderr
    assert rewritten.stdout == "rewrote integration_tests/snowflake/dbt_project.yml from integration_tests/shared.yml\n"
    assert project.read_text() == original
    assert generate("--check", root=copy).returncode == 0


def test_a_change_to_shared_yml_reaches_every_project_in_its_type_names(tmp_path):
    copy = copy_of_the_projects(tmp_path)
    shared_yml = copy / "shared.yml"
    text = shared_yml.read_text().replace("  geo_city: string\n", "  geo_city: string\n  geo_region: string\n")
    shared_yml.write_text(text.replace("fullstory_org_id: o-TEST-1", "fullstory_org_id: o-NEW-1"))
    assert generate(root=copy).returncode == 0
    strings = {"duckdb": "varchar", "snowflake": "varchar", "bigquery": "string"}
    for project, string in strings.items():
        loaded = yaml.safe_load((copy / project / "dbt_project.yml").read_text())
        assert loaded["vars"]["fullstory_org_id"] == "o-NEW-1"
        assert loaded["seeds"]["dbt_fullstory_integration_tests"]["+column_types"]["geo_region"] == string


def test_a_logical_type_without_a_name_or_a_project_without_markers_is_an_error(tmp_path):
    copy = copy_of_the_projects(tmp_path)
    shared_yml = copy / "shared.yml"
    original = shared_yml.read_text()
    shared_yml.write_text(original.replace("  geo_city: string\n", "  geo_city: string\n  geo_point: geography\n"))
    done = generate("--check", root=copy)
    assert done.returncode == 2
    assert "type_names.duckdb has no name for geography" in done.stderr, done.stderr

    shared_yml.write_text(original)
    project = copy / "bigquery" / "dbt_project.yml"
    project.write_text(project.read_text().replace("# END generated vars\n", ""))
    done = generate("--check", root=copy)
    assert done.returncode == 2
    assert "integration_tests/bigquery/dbt_project.yml: it needs one `# BEGIN generated" in done.stderr, done.stderr
