"""How an incremental run's cost grows with the history it runs on.

    scripts/benchmark --growth                          # histories of 1M, 5M and 20M events
    scripts/benchmark --growth --sizes 200000,1000000   # other sizes, in events

For each size, a history of that many events is generated at a fixed density
(--per-day events a day: a longer history, not a denser one, as an org's
grows), ending a few days ago, and one more day of sessions: what syncs after
the history's end (that day's sessions, late events and re-deliveries of
older ones) is held back as the arrival, about the same at every size.
A project of a user's kind (the package installed from this folder, the
recommended fullstory_max_lateness of docs/incremental.md) builds the history with
`dbt run`, then the arrival comes and `dbt run` runs again, incrementally.

For both runs it reports model time (run_results.json), peak memory (the dbt
process's VmHWM) and the rows each model scanned: DuckDB 2 logs every query's
total_rows_scanned (enable_profiling 'no_output', profiling_coverage 'ALL',
and enable_logging to a file in on-run-start); a query counts for the model
whose dbt query comment precedes it (one thread, so the Python models'
DataFrame queries follow their model's own). Prints a Markdown table and
writes it to --out.
"""

import argparse
import csv
import datetime
import json
import os
import pathlib
import platform
import re
import shutil
import sys
import textwrap
import time

import duckdb

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "python"))
import generate_events  # noqa: E402
from benchmark import DBT, ORG_ID, measured  # noqa: E402

MODELS = ("events", "sessions", "users", "pages")
SYNC_ORDER = "coalesce(updated_time, processed_time)"  # the order FullStory writes synced rows in
NODE = re.compile(r'"node_id": "model\.dbt_fullstory\.(\w+)"')
VALUE = re.compile(r"'value': ([0-9.eE+-]+)")


def write_project(folder, memory_limit, lateness, log_dir):
    """A user's project: the package from this folder, logging each query's rows scanned to log_dir."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "packages.yml").write_text(f"packages:\n  - local: {ROOT}\n")
    (folder / "dbt_project.yml").write_text(
        textwrap.dedent(f"""\
        name: growth
        version: "1.0.0"
        config-version: 2
        profile: growth
        vars:
          fullstory_events_schema: fullstory
          fullstory_org_id: {ORG_ID}
          fullstory_duckdb_memory_limit: "{memory_limit}"
          fullstory_max_lateness: {lateness}
        on-run-start:
          - "call enable_logging(level = 'trace', storage = 'file', storage_path = '{log_dir}')"
        """)
    )
    (folder / "profiles.yml").write_text(
        textwrap.dedent("""\
        growth:
          target: duckdb
          outputs:
            duckdb:
              type: duckdb
              path: "{{ env_var('DBT_FULLSTORY_DUCKDB_PATH') }}"
              schema: analytics
              threads: 1
              settings:
                enable_profiling: no_output
                profiling_coverage: ALL
        """)
    )


def query_step(sql):
    """What a query does for its model, by its first word after dbt's comment."""
    word = re.sub(r"^\s*(/\*.*?\*/\s*)?", "", sql, flags=re.S).split(None, 1)[0].lower() if sql.strip() else ""
    return {"create": "build", "delete": "delete", "insert": "insert"}.get(word, "other reads")


def rows_scanned(log_dir, steps=None):
    """Rows scanned per model, from DuckDB's log: each query's total_rows_scanned,
    counted for the model named by the last dbt query comment before it.
    steps: a dict that receives them per (model, query_step) too."""
    queries, scanned = {}, {}
    with open(log_dir / "duckdb_log_entries.csv", newline="") as entries:
        for entry in csv.DictReader(entries):
            if entry["type"] == "QueryLog":
                queries[entry["context_id"]] = entry["message"]
            elif entry["type"] == "Metrics" and "query.total_rows_scanned" in entry["message"]:
                value = VALUE.search(entry["message"])  # {'metric': query.total_rows_scanned, 'value': 100000, ...}
                scanned[entry["context_id"]] = int(float(value.group(1))) if value else 0
    per_model, model = dict.fromkeys(MODELS, 0), None
    for context in sorted(queries, key=int):
        found = NODE.search(queries[context])
        model = found.group(1) if found else model
        if model in per_model:
            per_model[model] += scanned.get(context, 0)
            if steps is not None:
                step = (model, query_step(queries[context]))
                steps[step] = steps.get(step, 0) + scanned.get(context, 0)
    return per_model


def dbt_run(project, database, label, log_dir):
    log_dir.mkdir(parents=True, exist_ok=True)
    text = (project / "dbt_project.yml").read_text()
    (project / "dbt_project.yml").write_text(re.sub(r"storage_path = '[^']*'", f"storage_path = '{log_dir}'", text))
    env = dict(os.environ, DBT_FULLSTORY_DUCKDB_PATH=str(database))
    target = project / "target"
    command = [DBT, "run", "--project-dir", str(project), "--profiles-dir", str(project), "--target-path", str(target)]
    wall, peak, _ = measured(command, env, log=project / f"{label}.log")
    results = json.loads((target / "run_results.json").read_text())["results"]
    seconds = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results}
    steps = {}
    return {
        "wall": wall,
        "peak_mib": peak,
        "models": {m: seconds.get(m, 0.0) for m in MODELS},
        "model_time": sum(seconds.get(m, 0.0) for m in MODELS),
        "rows_scanned": rows_scanned(log_dir, steps),
        "rows_scanned_by_step": {f"{m} {step}": n for (m, step), n in steps.items()},
    }


def bench_size(events, per_day, work, seed, memory_limit, lateness):
    folder = work / f"{events}"
    shutil.rmtree(folder, ignore_errors=True)
    project, database = folder / "project", folder / "growth.duckdb"
    write_project(project, memory_limit, lateness, folder / "logs" / "none")
    days = max(2, round(events / per_day))
    # sessions start over days + 1 days at per_day events a day; what syncs after
    # the first `days` (the last day's sessions, late events and re-deliveries
    # of older ones) is the arrival, about the same at every size
    start = datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=days + 6)
    cutoff = f"{start + datetime.timedelta(days=days)} 00:00:00"
    started = time.perf_counter()
    generate_events.generate(
        database, round(events * (days + 1) / days), seed=seed, start=f"{start} 00:00:00", days=days + 1
    )
    with duckdb.connect(str(database)) as con:
        con.execute(f"""
            create table fullstory.arrival as
            select * from fullstory.events where coalesce(updated_time, processed_time) > timestamp '{cutoff}'""")
        con.execute(f"delete from fullstory.events where coalesce(updated_time, processed_time) > timestamp '{cutoff}'")
        # a synced table grows by appends, each sync's rows after the last's: written in that
        # order, its row groups' min/max let a literal time bound skip the older ones
        con.execute("create or replace table fullstory.events as select * from fullstory.events order by " + SYNC_ORDER)
        arrival = con.execute("select count(*) from fullstory.arrival").fetchone()[0]
        history = con.execute("select count(*) from fullstory.events").fetchone()[0]
    generated = time.perf_counter() - started
    env = dict(os.environ, DBT_FULLSTORY_DUCKDB_PATH=str(database))
    for step in ("deps", "seed"):
        measured(
            [DBT, step, "--project-dir", str(project), "--profiles-dir", str(project)], env, log=folder / "setup.log"
        )
    full = dbt_run(project, database, "full", folder / "logs" / "full")
    with duckdb.connect(str(database)) as con:
        con.execute("insert into fullstory.events select * from fullstory.arrival order by " + SYNC_ORDER)
    incremental = dbt_run(project, database, "incremental", folder / "logs" / "incremental")
    row = {"events": events, "days": days, "history_rows": history, "arrival_rows": arrival,
           "generate_seconds": generated, "full": full, "incremental": incremental}  # fmt: skip
    print(json.dumps(row), flush=True)
    return row


def markdown(rows, per_day, memory_limit, lateness):
    def millions(n):
        return f"{n / 1e6:.2f}M"

    lines = [
        "| history | days | arrival rows | incremental: model time (events, sessions, users, pages) | incremental: "
        "rows scanned (events, sessions, users, pages) | full build: model time | full: rows scanned | "
        "peak memory: full, incremental |",
        "|---:|---:|---:|---|---|---:|---:|---|",
    ]
    for r in rows:
        inc, full = r["incremental"], r["full"]
        lines.append(
            f"| {millions(r['events'])} | {r['days']} | {r['arrival_rows']:,} | {inc['model_time']:.1f} s ("
            + ", ".join(f"{inc['models'][m]:.1f}" for m in MODELS)
            + f") | {millions(sum(inc['rows_scanned'].values()))} ("
            + ", ".join(millions(inc["rows_scanned"][m]) for m in MODELS)
            + f") | {full['model_time']:.1f} s | {millions(sum(full['rows_scanned'].values()))} | "
            f"{full['peak_mib'] / 1024:.2f}, {inc['peak_mib'] / 1024:.2f} GiB |"
        )
    lines += ["", "Where an incremental run's rows scanned go, by model and query (build: the model's own "
              "query; delete, insert: the merge of what it built; other reads: the bounds it looks up first):",
              "", "| model, query | " + " | ".join(millions(r["events"]) for r in rows) + " |",
              "|---|" + "---:|" * len(rows)]  # fmt: skip
    for step in sorted({s for r in rows for s in r["incremental"]["rows_scanned_by_step"]}):
        counts = [r["incremental"]["rows_scanned_by_step"].get(step, 0) for r in rows]
        lines.append(f"| {step} | " + " | ".join(millions(n) for n in counts) + " |")
    first, last = rows[0], rows[-1]
    ratio_time = last["incremental"]["model_time"] / max(first["incremental"]["model_time"], 1e-9)
    ratio_rows = sum(last["incremental"]["rows_scanned"].values()) / max(
        sum(first["incremental"]["rows_scanned"].values()), 1
    )
    lines += [
        "",
        f"Incremental run, {millions(last['events'])} history / {millions(first['events'])} history: model time "
        f"{ratio_time:.2f}x, rows scanned {ratio_rows:.2f}x (the targets: within 1.5x).",
        "",
        f"{per_day:,} events a day; the arrival is what syncs after the history's last day; "
        f"fullstory_max_lateness {lateness}; "
        f"DuckDB {duckdb.__version__}, memory_limit {memory_limit}, one dbt thread (so that each query's rows are "
        f"counted for its model); {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{datetime.date.today()}.",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000000,5000000,20000000", help="history sizes, in events")
    parser.add_argument("--per-day", type=int, default=50000, help="events a day (default 50000)")
    parser.add_argument("--lateness", default="2", help="fullstory_max_lateness (default 2, docs/incremental.md's)")
    parser.add_argument("--memory-limit", default="3GB", help="DuckDB memory_limit for the package")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work", default=str(ROOT / "target" / "benchmark-growth"))
    parser.add_argument("--out", default=str(ROOT / "benchmark" / "growth.md"))
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = [bench_size(n, args.per_day, pathlib.Path(args.work), args.seed, args.memory_limit, args.lateness)
            for n in sizes]  # fmt: skip
    table = markdown(rows, args.per_day, args.memory_limit, args.lateness)
    print(table)
    pathlib.Path(args.out).write_text(table + "\n")
    pathlib.Path(args.out).with_suffix(".json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
