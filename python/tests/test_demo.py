"""The README's first command, scripts/demo, runs on the generated sample and
ends with its summary; the README's command that explores its database runs
as written and prints rows (with what .venv holds: no `duckdb` command); the
README's query on pages gives, on that database, the table the README shows."""

import re
import subprocess

import duckdb
import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # a sample of 50000 events, the whole package built on it (~25 s)


def readme_block(language, after):
    readme = (ROOT / "README.md").read_text()
    start = readme.index(after)
    return re.search(rf"```{language}\n(.*?)```", readme[start:], flags=re.S).group(1)


def test_demo_summary_and_the_readme_commands_and_query_on_its_database():
    done = subprocess.run(
        [str(ROOT / "scripts" / "demo")], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    # no warning on the way: the parse printed ten (macro argument types), and a user reads every one
    assert not re.search(r"WARN [1-9]|\[WARNING\]|has an invalid type", done.stdout), done.stdout[-4000:]
    summary = done.stdout[done.stdout.index("dbt_fullstory demo") :]
    assert "most frustrating pages" in summary and "/session/" in summary
    assert re.search(r"orders\s+\d+ events in \d+ sessions of \d+ users", summary), summary
    assert re.search(r"newsletter\s+\d+ events in \d+ sessions", summary), summary

    explore = readme_block("bash", "<!-- demo: explore -->").strip()
    explored = subprocess.run(
        ["bash", "-c", explore], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert explored.returncode == 0, f"{explore}\n{explored.stdout[-2000:]}{explored.stderr[-2000:]}"
    assert "full_view_id" in explored.stdout and re.search(r"│ \d+:\d+:\d+ ", explored.stdout), explored.stdout

    query = readme_block("sql", "**Which pages frustrate people.**")
    shown = readme_block("text", "**Which pages frustrate people.**")
    with duckdb.connect(str(ROOT / "target" / "fullstory_demo.duckdb"), read_only=True) as con:
        rows = con.execute(query.rstrip().rstrip(";")).fetchall()
    # the README's table rows: │ a │ 1 │ ... │
    printed = [
        tuple(cell.strip() for cell in line.strip("│").split("│"))
        for line in shown.splitlines()
        if line.startswith("│") and not line.startswith("│     page")
    ]
    assert printed == [tuple(str(v) for v in row) for row in rows]
