"""Whether an index on device_id would bound an incremental run's reads on DuckDB.

    scripts/benchmark --growth                  # first: the growth databases
    scripts/benchmark --lookup                  # then: on the 1M and 20M ones

An incremental run of `sessions` or `pages` reads the stored rows of every
device with an updated event: a device's identity is its latest over all its
sessions, of any age, so those rows have no time bound. DuckDB skips row groups
by their min and max only; a touched device's rows are spread over every row
group, so the read is a scan of the whole table (the growth benchmark's rows
scanned). The one structure that finds rows by key without a scan is an ART
index, and DuckDB uses it only for constant filters (an IN list of literals,
not a join). This measures, on a growth database after its incremental run,
for the devices of that run (their events updated since the run's lookback
bound, as the models compute it) and for the arrival's devices alone:

- the hash semi-join the models use: time and rows scanned;
- an ART index on device_id (its build time) and the same rows read by an IN
  list of the devices as literals, with the index scan allowed at any size;
- whether a DELETE by the same IN list uses the index (rolled back).

Each on a copy of the stored table in a scratch database, so the growth
database is left as it was. Prints a Markdown table; --out writes it.
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import sys
import time

import duckdb

ROOT = pathlib.Path(__file__).resolve().parent.parent
INTERVAL_DAYS = 7  # fullstory_incremental_interval's default, as the growth project runs it
TABLES = {"sessions": "full_session_id", "pages": "full_view_id"}


def profiled(con, sql, profile, table):
    """Run sql: its seconds, the rows its scans read from `table`, and how (Sequential Scan, Index Scan)."""
    con.execute(f"pragma enable_profiling = 'json'; pragma profiling_output = '{profile}'")
    started = time.perf_counter()
    con.execute(sql)
    seconds = time.perf_counter() - started
    con.execute("pragma disable_profiling")
    scans = []

    def walk(node):
        info = node.get("extra_info", {})
        if node.get("type") == "TABLE_SCAN" and info.get("Table", "").endswith("." + table):
            scans.append((info.get("Type", ""), node["rows_scanned"]))
        for child in node.get("children", []):
            walk(child)

    for node in json.loads(pathlib.Path(profile).read_text())["operator"]:
        walk(node)
    return seconds, sum(n for _, n in scans), "/".join(sorted({kind for kind, _ in scans}))


def touched_devices(con, interval_days):
    """The devices whose sessions the incremental run rebuilt: an event updated
    at or after the lookback bound (the history's newest updated_time, before
    the arrival, minus interval_days)."""
    newest = con.execute("""
        select max(updated_time) from growth.analytics.events
        where updated_time < (select min(coalesce(updated_time, processed_time)) from growth.fullstory.arrival)
    """).fetchone()[0]
    return [row[0] for row in con.execute(f"""
        select distinct device_id from growth.analytics.events
        where full_session_id is not null and updated_time >= timestamp '{newest}' - interval {interval_days} day
    """).fetchall()]  # fmt: skip


def measure(database, scratch, interval_days):
    scratch.unlink(missing_ok=True)
    con = duckdb.connect(str(scratch))
    con.execute(f"attach '{database}' as growth (read_only)")
    profile = scratch.with_suffix(".json")
    devices = touched_devices(con, interval_days)
    literals = ", ".join(str(d) if isinstance(d, int) else "'" + str(d).replace("'", "''") + "'" for d in devices)
    con.execute("create temp table touched as select unnest(?) as device_id", [devices])
    rows = []
    for table, key in TABLES.items():
        con.execute(f"create table {table} as select * from growth.analytics.{table}")
        total = con.execute(f"select count(*) from {table}").fetchone()[0]
        row = {"table": table, "rows": total, "devices": len(devices)}
        found = "create or replace temp table found as select * from"
        row["join"] = profiled(con, f"{found} {table} semi join touched using (device_id)", profile, table)
        row["found"] = con.execute("select count(*) from found").fetchone()[0]
        by_list = f"{found} {table} where device_id in ({literals})"  # read again below, with the index
        row["literal_scan"] = profiled(con, by_list, profile, table)
        started = time.perf_counter()
        con.execute(f"create index {table}_device_id on {table} (device_id)")
        row["index_build_seconds"] = time.perf_counter() - started
        con.execute("set index_scan_max_count = 100000000; set index_scan_percentage = 1.0")
        row["literal_index"] = profiled(con, by_list, profile, table)
        con.execute("begin")
        delete = f"delete from {table} where device_id in ({literals}) and {key} in (select {key} from found)"
        row["delete"] = profiled(con, delete, profile, table)
        con.execute("rollback")
        con.execute("reset index_scan_max_count; reset index_scan_percentage")
        rows.append(row)
    con.close()
    return rows


def markdown(results):
    lines = [
        "| history | devices of the run | table: stored rows | their rows | semi-join: s, rows scanned "
        "| IN list, no index: s | index build | IN list with the index: s, rows scanned "
        "| DELETE by the IN list: rows scanned, scan |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, rows in results:
        for r in rows:
            join, scan, index, delete = r["join"], r["literal_scan"], r["literal_index"], r["delete"]
            lines.append(
                f"| {label} | {r['devices']:,} | {r['table']}: {r['rows']:,} | {r['found']:,} "
                f"| {join[0]:.2f} s, {join[1]:,} | {scan[0]:.2f} s | {r['index_build_seconds']:.2f} s "
                f"| {index[0]:.2f} s, {index[1]:,} ({index[2]}) | {delete[1]:,} ({delete[2]}) |"
            )
    lines += [
        "",
        f"DuckDB {duckdb.__version__}, a thread per core ({os.cpu_count()} cores), Python {platform.python_version()}, "
        f"{datetime.date.today()}; time is each query's wall time, once, in one process.",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    growth = ROOT / "target" / "benchmark-growth"
    parser.add_argument("--work", default=str(growth), help="where scripts/benchmark --growth worked")
    parser.add_argument("--sizes", default="1000000,20000000", help="growth databases to measure, in events")
    parser.add_argument("--out", help="write the table here too")
    args = parser.parse_args(argv)
    results = []
    for size in args.sizes.split(","):
        database = pathlib.Path(args.work) / size / "growth.duckdb"
        if not database.exists():
            parser.error(f"no growth database at {database}: run scripts/benchmark --growth --work {args.work} first")
        for days, what in ((INTERVAL_DAYS, f"the run's {INTERVAL_DAYS}-day lookback"), (0, "the arrival alone")):
            label = f"{int(size) / 1e6:g}M, {what}"
            results.append((label, measure(database, pathlib.Path(args.work) / f"lookup-{size}.duckdb", days)))
    table = markdown(results)
    print(table)
    if args.out:
        pathlib.Path(args.out).write_text(table + "\n")


if __name__ == "__main__":
    sys.exit(main())
