"""Release hygiene: CHANGELOG's newest release is the version dbt_project.yml declares."""

import re

import yaml

from conftest import ROOT

RELEASE = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.M)


def newest_release(changelog):
    """(version, date) of the first released section below [Unreleased]."""
    assert changelog.index("## [Unreleased]") < RELEASE.search(changelog).start(), "[Unreleased] must come first"
    return RELEASE.search(changelog).groups()


def test_changelog_newest_release_is_the_project_version():
    version, _ = newest_release((ROOT / "CHANGELOG.md").read_text())
    project = yaml.safe_load((ROOT / "dbt_project.yml").read_text())
    assert str(project["version"]) == version


def test_newest_release_is_read_from_the_first_section():
    text = "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2027-01-02\n\n## [0.1.0] - 2026-11-28\n"
    assert newest_release(text) == ("0.2.0", "2027-01-02")


def test_the_oldest_dbt_the_package_accepts_is_the_one_the_suite_runs():
    """require-dbt-version's floor is the dbt-core minor version the tests
    install (requirements-lock.txt): a user on an older dbt, which the
    package never ran on (dbt-core 1.9 fails `dbt seed` on the `arguments:`
    of its data tests), is stopped by dbt with the version it needs."""
    floor = next(
        spec[2:]
        for spec in yaml.safe_load((ROOT / "dbt_project.yml").read_text())["require-dbt-version"]
        if spec.startswith(">=")
    )
    pinned = re.search(r"^dbt-core==(\d+)\.(\d+)\.\d+$", (ROOT / "requirements-lock.txt").read_text(), re.M)
    assert floor == f"{pinned[1]}.{pinned[2]}.0"
