"""The README as a new user follows it: its packages.yml installs the package
with `dbt deps`, its DuckDB profile builds the package and the example
queries of the README, docs/ and the public macros as models of the user's
own, and its links and the docs/ pages' stay inside the repository and
resolve. (scripts/demo and the README's command that explores its database:
test_demo.py.)"""

import re
import subprocess
import textwrap

import duckdb
import yaml

from conftest import ROOT, dbt, markdown_pages
from generate_events import generate

DOCS = ("README.md", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")))


def readme_block(marker, language):
    text = (ROOT / "README.md").read_text()
    found = re.search(rf"<!-- {re.escape(marker)} -->\n( *)```{language}\n(.*?)\n *```", text, re.S)
    assert found, f"README.md has no {language} block marked <!-- {marker} -->"
    indent = found.group(1)
    return "\n".join(line.removeprefix(indent) for line in found.group(2).split("\n")) + "\n"


def example_queries():
    """{name: sql} of every SELECT example of the README and docs/ (not the
    DDL for other warehouses) and of each public macro's description."""
    examples = {}
    for page in DOCS:
        blocks = re.findall(r"```sql\n(.*?)```", (ROOT / page).read_text(), re.S)
        for n, sql in enumerate(blocks, 1):
            if re.match(r"\s*(--[^\n]*\n\s*)*create\b", sql, re.I):
                continue
            examples[f"{page.removesuffix('.md').replace('/', '_').replace('-', '_').lower()}_{n}"] = sql
    macros = yaml.safe_load((ROOT / "macros" / "_fullstory__macros.yml").read_text())["macros"]
    for macro in macros:
        if macro["description"].startswith("Public."):
            found = re.search(r"```sql\n(.*?)```", macro["description"], re.S)
            assert found, f"the public macro {macro['name']} shows no example"
            examples[f"macro_{macro['name']}"] = found.group(1)
    return examples


def test_the_readme_packages_yml_installs_the_package(tmp_path):
    """`dbt deps` with the README's packages.yml as written, its placeholder
    replaced by the URL of a clone of this repository whose main is the
    commit under test (as the published repository's would be)."""
    clone = tmp_path / "dbt_fullstory.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(clone)], check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    subprocess.run(["git", "update-ref", "refs/heads/main", head.stdout.strip()], cwd=clone, check=True)
    packages = readme_block("install: packages.yml", "yaml")
    assert "<URL of this repository>" in packages
    project = tmp_path / "project"
    project.mkdir()
    (project / "packages.yml").write_text(packages.replace("<URL of this repository>", clone.as_uri()))
    (project / "dbt_project.yml").write_text('name: my_project\nversion: "1.0.0"\nconfig-version: 2\nprofile: p\n')
    (project / "profiles.yml").write_text(
        "p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: unused.duckdb\n"
    )
    done = dbt("deps", project=project, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    installed = yaml.safe_load((project / "dbt_packages" / "dbt_fullstory" / "dbt_project.yml").read_text())
    assert installed["name"] == "dbt_fullstory"


def test_the_readme_duckdb_profile_builds_the_example_queries(tmp_path):
    """A user's project with the README's DuckDB profile as written, the
    package from a local path (the README's alternative), and each example
    query as a view of its own: dbt builds them all. A query that reads a
    model by name (`from analytics.pages`) is told what it depends on."""
    profile = yaml.safe_load(readme_block("profile: duckdb", "yaml"))
    ((name, spec),) = profile.items()
    output = spec["outputs"][spec["target"]]
    project = tmp_path / "project"
    (project / "models" / "examples").mkdir(parents=True)
    (project / "profiles.yml").write_text(readme_block("profile: duckdb", "yaml"))
    (project / "packages.yml").write_text(f"packages:\n  - local: {ROOT}\n")
    (project / "dbt_project.yml").write_text(
        textwrap.dedent(f"""\
        name: my_project
        version: "1.0.0"
        config-version: 2
        profile: {name}
        vars:
          fullstory_events_schema: fullstory
          fullstory_org_id: o-123-na1
          # what the public macros read, at the top level, as the README says
          fullstory_replay_host: app.fullstory.com
          fullstory_event_types: [click, navigate, identify]
        """)
    )
    examples = example_queries()
    assert {"readme_1", "macro_replay_url"} <= set(examples) and len(examples) >= 8, sorted(examples)
    for example, sql in examples.items():
        read = sorted(set(re.findall(rf"\b{re.escape(output['schema'])}\.(\w+)", sql)))
        depends = "".join(f"-- depends_on: {{{{ ref('dbt_fullstory', '{model}') }}}}\n" for model in read)
        (project / "models" / "examples" / f"{example}.sql").write_text(depends + sql.strip().rstrip(";") + "\n")
    # the profile's file, relative to the project (dbt runs there), holds the synced table
    generate(project / output["path"], events=400, seed=5, schema="fullstory", table="events")
    dbt("deps", project=project)
    done = dbt("run", project=project, check=False)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    with duckdb.connect(str(project / output["path"]), read_only=True) as con:
        rows = {e: con.execute(f"select count(*) from {output['schema']}.{e}").fetchone()[0] for e in examples}
    assert rows["readme_1"] > 0, rows  # the README's pages query finds pages


# ---------------------------------------------------------------- links and figures


def heading_anchors(markdown):
    """GitHub's anchors of a page's headings."""
    anchors = set()
    for heading in re.findall(r"^#+ (.+)$", re.sub(r"```.*?```", "", markdown, flags=re.S), flags=re.M):
        anchors.add(re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-"))
    return anchors


def test_links_stay_inside_the_repository_and_resolve():
    broken = []
    for path in markdown_pages():
        page = path.relative_to(ROOT).as_posix()
        text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            file, _, anchor = target.partition("#")
            resolved = (path.parent / file).resolve() if file else path
            if not resolved.is_relative_to(ROOT.resolve()):
                broken.append(f"{page}: {target} points outside the repository")
            elif not resolved.exists():
                broken.append(f"{page}: {target} does not exist")
            elif anchor and resolved.suffix == ".md" and anchor not in heading_anchors(resolved.read_text()):
                broken.append(f"{page}: {target} has no heading #{anchor}")
    assert broken == [], "\n".join(broken)


def test_the_readme_states_no_performance_figures():
    """Figures live in benchmark/ only; the README links there."""
    readme = (ROOT / "README.md").read_text()
    assert "benchmark/README.md" in readme
    figures = re.findall(r"\b\d+(?:\.\d+)?x\b|\b\d+(?:\.\d+)? ?GiB\b|\b\d+(?:\.\d+)? s\b", readme)
    assert figures == [], figures
