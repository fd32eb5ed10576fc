"""The benchmark on a small sample: its floor (benchmark/floor.sql, hand-written
DuckDB SQL) builds the same four tables as the package, after the full build
and after the incremental run, and it writes its table and plot.

The floor is the benchmark's yardstick and, being written independently of the
package (no dbt, no Python models), the suite's oracle (test_user_project.py
compares with it too) on generated data with every reality of the generator.
"""

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # the benchmark on a small sample


def test_floor_equals_package_and_report_is_written(tmp_path):
    out = tmp_path / "out"
    command = [
        sys.executable,
        "python/benchmark.py",
        "--sizes",
        "20000",
        "--days",
        "28",
        "--work",
        str(tmp_path / "work"),
        "--out",
        str(out),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    (row,) = json.loads((out / "results.json").read_text())
    assert row["arriving"] > 100, "the incremental run has rows to read"
    for when in ("full_differences", "incremental_differences"):
        for model, fingerprints in row[when].items():
            assert fingerprints["package"][0] > 0, f"{model} has rows"
            assert fingerprints["package"] == fingerprints["floor"], f"{model}, {when}"
    assert set(row["incremental"]["models"]) >= {"events", "sessions", "users"}
    assert "| 0.02M |" in (out / "results.md").read_text()
    assert (out / "benchmark.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
