"""Write what the integration projects share into each one's dbt_project.yml.

integration_tests/shared.yml is the one owner of the vars and of the seeds'
column types (as logical types) of every integration project, and holds each
project's name for each logical type. This script writes them between the
lines

    # BEGIN generated <section> (...)
    # END generated <section>

of each <project>/dbt_project.yml, for the sections `vars` and `seed column
types`. The rest of a project's file (profile, paths, model configs) is its
own and is left as it is.

    python integration_tests/generate_projects.py          # rewrite the stale projects
    python integration_tests/generate_projects.py --check  # only report them: exit 1 if any

Needs PyYAML (in the project's venv).
"""

import argparse
import difflib
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
SHARED = HERE / "shared.yml"
# the seeds of the shared body belong to this project name (every project has it)
PROJECT_NAME = "dbt_fullstory_integration_tests"
BEGIN = "# BEGIN generated {section} (from ../shared.yml by ../generate_projects.py: edit there)"
END = "# END generated {section}"
SECTIONS = ("vars", "seed column types")
MARKED = re.compile(
    r"^(?P<indent>[ \t]*)# BEGIN generated (?P<section>[a-z ]+?) \([^\n]*\)\n"
    r".*?"
    r"^(?P=indent)# END generated (?P=section)[ \t]*\n",
    re.M | re.S,
)


class Error(Exception):
    """shared.yml or a project cannot be generated: the message says why."""


def relative(path):
    return path.relative_to(HERE.parent).as_posix()


def load_shared(path=SHARED):
    """(shared.yml's parsed content, the text of its vars block as written)."""
    text = path.read_text()
    shared = yaml.safe_load(text)
    for key in ("vars", "seed_column_types", "type_names"):
        if not isinstance(shared.get(key), dict) or not shared[key]:
            raise Error(f"{relative(path)}: `{key}` must be a mapping with at least one entry")
    # the vars block as written, comments included: `vars:` and the indented lines under it
    block = re.search(r"^vars:[ \t]*\n(?:[ \t]+[^\n]*\n)+", text, re.M)
    if block is None or yaml.safe_load(block.group(0)) != {"vars": shared["vars"]}:
        raise Error(f"{relative(path)}: write `vars:` at the top level with no blank line inside it")
    logical = set(shared["seed_column_types"].values())
    for project, names in shared["type_names"].items():
        missing = sorted(logical - set(names or {}))
        if missing:
            raise Error(f"{relative(path)}: type_names.{project} has no name for {', '.join(missing)}")
    return shared, block.group(0)


def column_types(shared, project):
    """{column: the project's type name} of the seeds."""
    names = shared["type_names"][project]
    return {column: names[logical] for column, logical in shared["seed_column_types"].items()}


def sections(shared, vars_text, project):
    """{section: its lines, unindented} for one project."""
    types = [f"    {column}: {type_name}\n" for column, type_name in column_types(shared, project).items()]
    return {
        "vars": vars_text,
        "seed column types": f"{PROJECT_NAME}:\n  +column_types:\n" + "".join(types),
    }


def render(text, shared, vars_text, project, path):
    """The project's dbt_project.yml text with its generated sections written."""
    content = sections(shared, vars_text, project)
    found = []

    def replace(match):
        indent, section = match.group("indent"), match.group("section")
        if section not in content:
            raise Error(f"{relative(path)}: no section `{section}` to generate (there are: {', '.join(SECTIONS)})")
        found.append(section)
        lines = [BEGIN.format(section=section) + "\n", *content[section].splitlines(keepends=True)]
        lines.append(END.format(section=section) + "\n")
        return "".join(indent + line if line.strip() else line for line in lines)

    rendered = MARKED.sub(replace, text)
    missing = [s for s in SECTIONS if s not in found]
    if missing or len(found) != len(set(found)):
        raise Error(
            f"{relative(path)}: it needs one `# BEGIN generated <section> (...)` and one `# END generated <section>`"
            f" line, at the same indentation, for each of: {', '.join(SECTIONS)} (missing: {', '.join(missing)})"
        )
    parsed = yaml.safe_load(rendered)  # what dbt will read: the shared values, not only their text
    if parsed.get("vars") != shared["vars"]:
        raise Error(
            f"{relative(path)}: the generated vars do not load as shared.yml's (is the marker at the top level?)"
        )
    seeds = (parsed.get("seeds") or {}).get(PROJECT_NAME) or {}
    if seeds.get("+column_types") != column_types(shared, project):
        raise Error(f"{relative(path)}: the generated column types do not load as `seeds: {PROJECT_NAME}:`")
    return rendered


def projects(shared):
    """{project: its dbt_project.yml path}, for each project of type_names."""
    found = {}
    for project in shared["type_names"]:
        path = HERE / project / "dbt_project.yml"
        if not path.is_file():
            raise Error(f"{relative(SHARED)}: type_names names {project}, but {relative(path)} is not there")
        found[project] = path
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="rewrite nothing; exit 1 if a project is stale")
    args = parser.parse_args(argv)
    try:
        shared, vars_text = load_shared()
        stale = []
        for project, path in projects(shared).items():
            text = path.read_text()
            rendered = render(text, shared, vars_text, project, path)
            if rendered == text:
                continue
            stale.append(path)
            if args.check:
                name = relative(path)
                diff = difflib.unified_diff(
                    text.splitlines(True), rendered.splitlines(True), name, f"{name} (generated)"
                )
                sys.stdout.writelines(diff)
            else:
                path.write_text(rendered)
                print(f"rewrote {relative(path)} from {relative(SHARED)}")
    except Error as error:
        print(f"generate_projects: {error}", file=sys.stderr)
        return 2
    if args.check and stale:
        names = ", ".join(relative(p) for p in stale)
        print(f"stale: {names}. Edit {relative(SHARED)}, then run python {relative(HERE / 'generate_projects.py')}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
