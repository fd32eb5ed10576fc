"""Benchmark dbt_fullstory against the floor: the same tables by hand-written DuckDB SQL.

    scripts/benchmark                      # 1M, 5M and 10M events
    scripts/benchmark --sizes 20000000     # other sizes, in events

For each size, in one run on the same data: the generator writes the events
table and holds back the 1% with the newest updated_time (new events, and late
events whose session was re-synced); dbt builds events, sessions, users and
pages (the full build); benchmark/floor.sql builds the same four tables, every
column; the tables are compared; the held-back rows arrive and dbt runs again (the incremental
run), and the result is compared with the floor on the grown source.

Times are the sum of model execution times from dbt's run_results.json (model
time) and the wall time of the dbt process; memory is the peak resident size
of the process (its VmHWM; dbt runs DuckDB in-process, so this includes DuckDB's). The
floor runs in a process of its own, with the same DuckDB memory limit. Prints a
Markdown table and writes it, with a plot of time against size, to --out.
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import threading
import time

import duckdb
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "python"))
import generate_events  # noqa: E402

FLOOR_SQL = ROOT / "benchmark" / "floor.sql"
ORG_ID = "o-BENCH-na1"
MODELS = ("events", "sessions", "users", "pages")
HELD_BACK = 0.01
DBT = str(pathlib.Path(sys.executable).parent / "dbt")  # the dbt of this venv


# ---------------------------------------------------------------- the floor


def floor_script(org_id=ORG_ID, source="fullstory.events", conversions=(), page_names=None, timezone=None):
    """floor.sql filled in: the package's default event types, replay host and min event time; the
    time zone (default: the package's), conversions (entries as the var fullstory_conversions writes
    them) and page names ({page_definition_id: name}) of the run it checks."""
    package_vars = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["dbt_fullstory"]
    event_types = package_vars["fullstory_event_types"]
    host = package_vars["fullstory_replay_host"]
    min_event_time = package_vars["fullstory_min_event_time"]
    timezone = timezone or package_vars["fullstory_timezone"]
    aggregates, sums = [], []
    for conversion in conversions:
        name, met = conversion["name"].lower(), conversion_condition(conversion)
        aggregates += [
            f"count(*) filter (where {met}) as total_{name}_conversions",
            f"min(event_time) filter (where {met}) as first_{name}_time",
        ]
        sums += [
            f"sum(total_{name}_conversions)::bigint as total_{name}_conversions",
            f"min(first_{name}_time) as first_{name}_time",
            f"count(*) filter (where total_{name}_conversions > 0) as total_{name}_converted_sessions",
        ]
    names = ", ".join(f"({text(i)}, {text(n)})" for i, n in (page_names or {}).items())
    return (
        FLOOR_SQL.read_text()
        .replace("{source}", source)
        .replace(
            "{event_type_counts}",
            ",\n        ".join(f"count(*) filter (where event_type = '{t}') as total_{t}_events" for t in event_types),
        )
        .replace(
            "{event_type_sums}",
            ",\n    ".join(f"sum(total_{t}_events)::bigint as total_{t}_events" for t in event_types),
        )
        .replace("{conversion_aggregates}", "".join(f"{a},\n        " for a in aggregates))
        .replace("{conversion_sums}", "".join(f"{a},\n    " for a in sums))
        .replace(
            "{page_names}",
            f"(select * from (values {names}) as names (id, name))"
            if names
            else "(select null::varchar as id, null::varchar as name where false)",
        )
        .replace("{replay_url_prefix}", f"'https://{host}/ui/{org_id}/session/'")
        .replace("{min_event_time}", f"timestamp '{min_event_time}'")
        .replace("{timezone}", f"'{timezone}'")
    )


def text(value):
    return "'" + str(value).replace("'", "''") + "'"


def conversion_condition(conversion):
    """The events a conversion counts, as FullStory customers define one: each given field equal
    (as text), and an event_name alone meaning a custom event."""
    wanted = {f: conversion[f] for f in ("event_type", "event_name", "event_definition_id") if f in conversion}
    if "event_name" in wanted:
        wanted.setdefault("event_type", "custom")
    return " and ".join(f"{field} = {text(value)}" for field, value in wanted.items())


def run_floor(database, memory_limit):
    """Run floor.sql in this process; print its statement times as JSON."""
    statements = [s for s in floor_script().split(";\n") if s.strip()]
    with duckdb.connect(str(database)) as con:
        if memory_limit:
            con.execute(f"set memory_limit = '{memory_limit}'")  # as the package's pre-hook does
        started = time.perf_counter()
        for statement in statements:
            con.execute(statement)
        print(json.dumps({"seconds": time.perf_counter() - started}))


# ---------------------------------------------------------------- measuring


def high_water_mib(pid):
    """VmHWM of a live process: the peak resident size of its program so far, in MiB."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def measured(command, env=None, log=None):
    """Run a command; return (wall seconds, peak RSS in MiB, stdout).

    The peak is the child's VmHWM, read every 50 ms until it exits (a high-water
    mark, so only a peak in its last 50 ms could be missed). Not getrusage's
    ru_maxrss: Linux carries the parent's peak across fork and exec into it,
    and this process holds the generated table for a while.
    """
    started = time.perf_counter()
    peak = [0.0]
    with open(log or os.devnull, "w") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=out, text=True)

        def watch():
            while process.poll() is None:
                peak[0] = max(peak[0], high_water_mib(process.pid))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        stdout = process.stdout.read()
        process.wait()
        watcher.join()
    wall = time.perf_counter() - started
    if log:
        with open(log, "a") as out:
            out.write(stdout)
    if process.returncode != 0:
        raise SystemExit(
            f"benchmark: {' '.join(map(str, command))} failed with exit code {process.returncode}; see {log}\n"
            + stdout[-3000:]
        )
    return wall, peak[0], stdout


def dbt_run(database, target_path, label, memory_limit):
    env = dict(os.environ, DBT_FULLSTORY_DUCKDB_PATH=str(database))
    variables = {"fullstory_events_schema": "fullstory", "fullstory_org_id": ORG_ID}
    if memory_limit:
        variables["fullstory_duckdb_memory_limit"] = memory_limit
    variables = json.dumps(variables)
    command = [
        DBT,
        "run",
        "--project-dir",
        str(ROOT),
        "--profiles-dir",
        str(ROOT),
        "--target-path",
        str(target_path),
        "--log-path",
        str(target_path),
        "--vars",
        variables,
    ]
    wall, peak, _ = measured(command, env, log=target_path / f"{label}.log")
    results = json.loads((target_path / "run_results.json").read_text())["results"]
    model_seconds = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results}
    return {"wall": wall, "peak_mib": peak, "models": model_seconds, "model_time": sum(model_seconds.values())}


def floor_run(database, memory_limit):
    wall, peak, stdout = measured(
        [sys.executable, __file__, "--floor", str(database), "--memory-limit", memory_limit or ""],
        log=pathlib.Path(f"{database}.floor.log"),
    )
    return {"wall": wall, "peak_mib": peak, "model_time": json.loads(stdout.strip().splitlines()[-1])["seconds"]}


def differences(database, memory_limit):
    """Per table, whether the package's rows equal the floor's: (rows, fingerprint) of each.

    The fingerprint is the sum of a 64-bit hash of every row, over the floor's
    columns: equal multisets of rows give equal sums, and any changed,
    missing or extra row changes it (but for a 2^-64 chance). Unlike EXCEPT
    ALL it streams, so it fits in memory at any size.
    """
    with duckdb.connect(str(database), read_only=True) as con:
        if memory_limit:
            con.execute(f"set memory_limit = '{memory_limit}'")
        result = {}
        for model in MODELS:
            columns = ", ".join(
                f'"{c}"'
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_schema = 'floor' "
                    "and table_name = ? order by ordinal_position",
                    [model],
                ).fetchall()
            )
            fingerprints = [
                con.execute(f"select count(*), sum(hash({columns})::hugeint)::varchar from {schema}.{model}").fetchone()
                for schema in ("analytics", "floor")
            ]
            result[model] = {"package": list(fingerprints[0]), "floor": list(fingerprints[1])}
        return result


# ---------------------------------------------------------------- one size


def prepare(database, events, seed, days):
    """The generated table, less the 1% with the newest updated_time, which arrive later."""
    started = time.perf_counter()
    start = datetime.datetime(2026, 10, 29) - datetime.timedelta(days=days)
    generate_events.generate(database, events, seed=seed, table="events_generated", start=str(start), days=days)
    with duckdb.connect(str(database)) as con:
        newest = "coalesce(updated_time, processed_time)"
        (cutoff,) = con.execute(
            f"select quantile_disc({newest}, {1 - HELD_BACK}) from fullstory.events_generated"
        ).fetchone()
        con.execute(
            f"create table fullstory.events as select * from fullstory.events_generated where {newest} <= ?", [cutoff]
        )
        con.execute(
            f"create table fullstory.events_arriving as select * from fullstory.events_generated where {newest} > ?",
            [cutoff],
        )
        con.execute("drop table fullstory.events_generated")
        rows, arriving = (
            con.execute(f"select count(*) from fullstory.{t}").fetchone()[0] for t in ("events", "events_arriving")
        )
    return {"rows": rows, "arriving": arriving, "generate_seconds": time.perf_counter() - started}


def arrive(database):
    with duckdb.connect(str(database)) as con:
        con.execute("insert into fullstory.events select * from fullstory.events_arriving")


def bench_size(events, work, seed, days, check, memory_limit):
    database = work / f"fullstory_{events}.duckdb"
    target = work / f"target_{events}"
    for stale in (database, pathlib.Path(f"{database}.wal")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    row = {"events": events, "days": days, **prepare(database, events, seed, days)}
    print(
        f"{events:,} events: {row['rows']:,} source rows, {row['arriving']:,} held back "
        f"(generated in {row['generate_seconds']:.0f} s)",
        flush=True,
    )
    seeded = dict(os.environ, DBT_FULLSTORY_DUCKDB_PATH=str(database))
    measured(
        [
            DBT,
            "seed",
            "--project-dir",
            str(ROOT),
            "--profiles-dir",
            str(ROOT),
            "--target-path",
            str(target),
            "--log-path",
            str(target),
        ],
        seeded,
        log=target / "seed.log",
    )
    row["full"] = dbt_run(database, target, "full", memory_limit)
    print(
        f"  full build: {row['full']['model_time']:.1f} s model time, {row['full']['wall']:.1f} s wall, "
        f"{row['full']['peak_mib']:.0f} MiB",
        flush=True,
    )
    row["floor"] = floor_run(database, memory_limit)
    print(f"  floor:      {row['floor']['model_time']:.1f} s, {row['floor']['peak_mib']:.0f} MiB", flush=True)
    if check:
        row["full_differences"] = differences(database, memory_limit)
    arrive(database)
    row["incremental"] = dbt_run(database, target, "incremental", memory_limit)
    print(
        f"  incremental ({row['arriving']:,} rows arrive): {row['incremental']['model_time']:.1f} s model time, "
        f"{row['incremental']['wall']:.1f} s wall",
        flush=True,
    )
    if check:
        floor_run(database, memory_limit)  # the floor on the grown source, to compare the incremental result with
        row["incremental_differences"] = differences(database, memory_limit)
    database.unlink()
    return row


# ---------------------------------------------------------------- report


def equal_text(row, key):
    if key not in row:
        return "not checked"
    bad = [m for m, f in row[key].items() if f["package"] != f["floor"]]
    return "yes" if not bad else "NO: " + ", ".join(bad)


def markdown(rows, memory_limit, days):
    lines = [
        "| events | package full build: model time | wall | peak memory | floor: time | floor: peak memory "
        "| package / floor | incremental (1% arrives): model time | incremental / full | package s per M events "
        "| equals floor: full, incremental |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        full, floor, inc = r["full"], r["floor"], r["incremental"]
        lines.append(
            f"| {r['events'] / 1e6:g}M | {full['model_time']:.1f} s | {full['wall']:.1f} s "
            f"| {full['peak_mib'] / 1024:.2f} GiB | {floor['model_time']:.1f} s | {floor['peak_mib'] / 1024:.2f} GiB "
            f"| {full['model_time'] / floor['model_time']:.2f}x | {inc['model_time']:.1f} s "
            f"| {inc['model_time'] / full['model_time']:.0%} | {full['model_time'] / (r['events'] / 1e6):.2f} "
            f"| {equal_text(r, 'full_differences')}, {equal_text(r, 'incremental_differences')} |"
        )
    per_million = [r["full"]["model_time"] / (r["events"] / 1e6) for r in rows]
    lines += [
        "",
        f"Time per million events, largest / smallest across sizes: {max(per_million) / min(per_million):.2f}x. "
        "Model time of each model, full build / incremental run, seconds: "
        + "; ".join(
            f"{r['events'] / 1e6:g}M: "
            + ", ".join(
                f"{m} {r['full']['models'].get(m, 0):.1f} / {r['incremental']['models'].get(m, 0):.1f}" for m in MODELS
            )
            for r in rows
        )
        + ".",
        "",
        f"Sample: sessions over {days} days, the 1% of rows with the newest updated_time held back for the "
        "incremental run, which re-reads the default lookback (fullstory_incremental_interval, 7 days). "
        f"DuckDB {duckdb.__version__}, memory_limit {memory_limit or 'default (80% of RAM)'} for package and floor, "
        f"a thread per core; {os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}.",
    ]
    return "\n".join(lines) + "\n"


def plot(rows, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["events"] / 1e6 for r in rows]
    figure, axes = plt.subplots(figsize=(7, 4.2), dpi=100)
    for label, key, style in (
        ("package, full build", "full", "o-"),
        ("floor (hand-written SQL)", "floor", "s--"),
        ("package, incremental run (1% arrives)", "incremental", "^-"),
    ):
        axes.plot(sizes, [r[key]["model_time"] for r in rows], style, label=label)
    axes.set_xlabel("events (millions)")
    axes.set_ylabel("model time (s)")
    axes.set_title("dbt_fullstory on DuckDB against the floor")
    axes.set_xlim(left=0)
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000000,5000000,10000000", help="comma-separated numbers of events")
    parser.add_argument("--out", default=str(ROOT / "benchmark"), help="where results.md and benchmark.png go")
    parser.add_argument("--work", default=str(ROOT / "target" / "benchmark"), help="scratch folder for databases")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--days",
        type=int,
        default=365,
        help="days of sessions in the sample (default 365: a year, as a FullStory table holds)",
    )
    parser.add_argument(
        "--memory-limit",
        default="3GB",
        help="DuckDB memory_limit for the package (its var) and the floor; '' for DuckDB's default",
    )
    parser.add_argument("--no-check", dest="check", action="store_false", help="skip comparing with the floor")
    parser.add_argument("--floor", metavar="DATABASE", help=argparse.SUPPRESS)  # the floor's own process
    args = parser.parse_args(argv)
    if args.floor:
        return run_floor(args.floor, args.memory_limit)
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes must be comma-separated whole numbers, not {args.sizes!r}")
    work, out = pathlib.Path(args.work), pathlib.Path(args.out)
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    rows = [bench_size(n, work, args.seed, args.days, args.check, args.memory_limit) for n in sizes]
    table = markdown(rows, args.memory_limit, args.days)
    print("\n" + table)
    (out / "results.md").write_text(table)
    (out / "results.json").write_text(json.dumps(rows, indent=1))
    plot(rows, out / "benchmark.png")
    print(f"wrote {out / 'results.md'} and {out / 'benchmark.png'}")
    failed = [
        r["events"]
        for r in rows
        for k in ("full_differences", "incremental_differences")
        if k in r and any(f["package"] != f["floor"] for f in r[k].values())
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
