"""Write a realistic FullStory Data Destinations events table into DuckDB.

    python python/generate_events.py --database target/demo.duckdb --events 50000

Everything is generated inside DuckDB from a hash of the row number and the
seed, so the table is the same for a given size and seed on any machine, and
millions of rows take seconds. The realities of FullStory's data (docs/export.md) are there:
duplicate deliveries, late events whose session is re-synced (newer
updated_time), NULL updated_time (object-storage syncs), server-API events
without session, devices that identify in a later session, users on several
devices, web and mobile sessions, and (with string JSON columns) malformed
payloads.
"""

import argparse
import pathlib
import shutil
import sys

import duckdb

EVENTS_PER_SESSION = 14  # on average: 4 to 24


def rnd(expr, salt, seed):
    """A deterministic pseudo-random number in [0, 1) from a hash."""
    return f"((hash({expr}, '{salt}', {seed}) % 1000000) / 1000000.0)"


def generate_sql(events, seed, json_type, start, days=28):
    sessions = max(1, events // EVENTS_PER_SESSION)
    devices = max(1, sessions // 3)
    r = lambda expr, salt: rnd(expr, salt, seed)  # noqa: E731
    json_cast = "json" if json_type == "json" else "varchar"
    return f"""
with
sessions as (
    select
        s as session_row,
        1000000000 + (s % {devices}) as device_id,
        -- a device's sessions are numbered in time order
        (s // {devices}) + 1 as session_number,
        5000000000000 + s as session_id,
        timestamp '{start}'
            + to_milliseconds(cast(floor({r("s", "start")} * 86400000 * {days}) as bigint)) as started_at,
        case when {r("s % " + str(devices), "mobile")} < 0.2 then 'mobile_app' else 'web' end as source_type,
        4 + cast(floor({r("s", "len")} * 21) as int) as event_count,
        {r("s", "late")} < 0.15 as has_late_event
    from range({sessions}) as t(s)
),

devices as (
    select
        device_id,
        -- 45% of devices identify; a fifth of users own two devices
        case when {r("device_id", "known")} < 0.45 then
            'user_' || cast((device_id - 1000000000)
                            // (case when {r("device_id", "multi")} < 0.2 then 2 else 1 end) as varchar)
        end as uid,
        -- in which of its sessions the device identifies (often not the first)
        1 + cast(floor({r("device_id", "when")} * 2) as int) as identify_session,
        (['Desktop', 'Mobile', 'Tablet'])[1 + cast(floor({r("device_id", "dev")} * 3) as int)] as device_type,
        (['Windows', 'macOS', 'iOS', 'Android', 'Linux'])[1 + cast(floor({r("device_id", "os")} * 5) as int)] as os,
        (['Chrome', 'Safari', 'Firefox', 'Edge'])[1 + cast(floor({r("device_id", "br")} * 4) as int)] as browser,
        (['US', 'DE', 'FR', 'BR', 'JP', 'IN'])[1 + cast(floor({r("device_id", "geo")} * 6) as int)] as country
    from (select distinct device_id from sessions)
),

session_events as (
    select
        s.*,
        e as event_number,
        s.started_at
            + to_milliseconds(cast(e * 7000 + floor({r("s.session_row * 100 + e", "gap")} * 60000) as bigint))
            as event_time,
        s.session_row * 100 + e as event_key
    from sessions as s, unnest(range(s.event_count)) as u(e)
),

typed_events as (
    select
        se.*,
        d.uid, d.identify_session,
        d.device_type, d.os, d.browser, d.country,
        case
            when se.event_number = 0 then 'navigate'
            when se.event_number = 1 and d.uid is not null and se.session_number = d.identify_session then 'identify'
            else (['click', 'click', 'click', 'click', 'click', 'navigate', 'navigate', 'navigate', 'load', 'load',
                   'change', 'change', 'element_seen', 'element_seen', 'request', 'request', 'console_message',
                   'custom', 'copy', 'highlight', 'exception', 'mouse_thrash', 'form_abandon', 'page_properties',
                   'cumulative_layout_shift', 'first_input_delay', 'consent', 'paste'])
                  [1 + cast(floor({r("se.event_key", "type")} * 28) as int)]
        end as event_type,
        -- one page per page view (view_id below: five events each), as a browser's view has one URL
        (['/', '/products', '/products/42', '/cart', '/checkout', '/account', '/search', '/blog/launch'])
            [1 + cast(floor({r("se.session_row * 100 + se.event_number // 5", "page")} * 8) as int)] as page
    from session_events as se
    join devices as d using (device_id)
),

with_properties as (
    select
        event_key, device_id, session_id, source_type, event_type, event_time, has_late_event,
        session_id * 10 + (event_number // 5) as view_id,
        json_object(
            'user_id', case when event_type = 'identify' or (uid is not null and session_number > identify_session
                                                          and {r("event_key", "uidon")} < 0.02) then uid end,
            'user_email', case when event_type = 'identify' then uid || '@example.com' end,
            'user_display_name', case when event_type = 'identify' then 'User ' || substr(uid, 6) end,
            'target', case when event_type in ('click', 'change', 'copy', 'paste', 'highlight') then json_object(
                'text', case when {r("event_key", "mask")} < 0.2 then '*****' else 'Add to cart' end,
                'masked', {r("event_key", "mask")} < 0.2,
                'raw_selector', 'button.add-to-cart',
                'element_definition_id', 'el-' || cast(event_key % 7 as varchar)) end,
            -- frustration signals on clicks, now and then spelled as FullStory's older syncs do
            'fs_rage_count', case when event_type = 'click' then case
                when {r("event_key", "rage")} < 0.03 then to_json(3)
                when {r("event_key", "rage")} < 0.035 then to_json('2') end end,
            'fs_dead_count', case when event_type = 'click' then case
                when {r("event_key", "dead")} < 0.04 then to_json(1)
                when {r("event_key", "dead")} < 0.042 then to_json('lots') end end,
            'fs_error_kind', case when event_type = 'click' and {r("event_key", "err")} < 0.02 then
                (['console', 'exception', 'unknown'])[1 + cast(floor({r("event_key", "errk")} * 3) as int)] end,
            'event_name', case when event_type = 'custom' then
                case when {r("event_key", "evn")} < 0.7 then 'Order Completed' else 'Newsletter Signup' end end,
            'event_definition_id', case when event_type = 'custom' and {r("event_key", "evn")} < 0.7
                then 'ev-order' end
        ) as event_properties,
        json_object(
            'url', case when source_type = 'web' then json_object(
                'full_url', 'https://shop.example.com' || page
                            || case when page = '/search' then '?q=shoes' else '' end,
                'host', 'shop.example.com', 'path', page,
                'query', case when page = '/search' then 'q=shoes' else '' end,
                'hash_path', '', 'hash_query', '') end,
            'initial_referrer', json_object(
                'full_url', case when {r("session_id", "ref")} < 0.5 then 'https://www.google.com/' end,
                'host', case when {r("session_id", "ref")} < 0.5 then 'www.google.com' end),
            'user_agent', json_object(
                'raw_user_agent', 'Mozilla/5.0 (' || os || ') ' || browser,
                'device', case when source_type = 'mobile_app' then 'Mobile' else device_type end,
                'operating_system', os, 'browser', case when source_type = 'web' then browser end,
                'browser_version', case when source_type = 'web' then '12' || cast(device_id % 10 as varchar) end),
            'location', json_object(
                'ip_address', '203.0.113.' || cast(device_id % 250 as varchar),
                'country', country, 'region', country || '-' || cast(device_id % 5 as varchar),
                'city', country || ' City ' || cast(device_id % 3 as varchar),
                'lat_long', '48.1,11.5'),
            'page_definition_id', case when source_type = 'web' and page <> '/blog/launch'
                then 'pg' || replace(page, '/', '-') end,
            'entrypoint', 'web', 'origin', 'client'
        ) as source_properties
    from typed_events
),

server_events as (
    -- server-API events: a device, no session, no view
    select
        -1 - s as event_key,
        1000000000 + (s * 7 % {devices}) as device_id,
        cast(null as bigint) as session_id,
        'server' as source_type,
        'custom' as event_type,
        timestamp '{start}'
            + to_milliseconds(cast(floor({r("s", "srvt")} * 86400000 * {days}) as bigint)) as event_time,
        false as has_late_event,
        cast(null as bigint) as view_id,
        json_object('event_name', 'Subscription Renewed', 'plan', 'pro') as event_properties,
        json_object('origin', 'server', 'integration', 'api') as source_properties
    from range({max(1, events // 50)}) as t(s)
),

all_events as (
    select * from with_properties
    union all
    select * from server_events
),

delivered as (
    select
        a.*,
        -- 95% are processed within 20 minutes, the rest hours later
        a.event_time + to_milliseconds(cast(
            case when has_late_event and {r("event_key", "lateev")} < 0.3
                 then 3600000 + floor({r("event_key", "lag")} * 86400000)
                 else 1000 + floor({r("event_key", "lag")} * 1200000) end as bigint)) as processed_time
    from all_events as a
),

synced as (
    select
        d.*,
        -- a late event re-syncs its whole session: every row is rewritten later
        max(processed_time) over (partition by device_id, session_id) as session_synced_at
    from delivered as d
),

rows_with_copies as (
    -- copy 0: the delivered row (rewritten in place when its session is
    -- re-synced); copy 1: a second delivery of the same event, for 0.5% of
    -- events (one to four days later) and for every event of a few re-synced
    -- sessions
    select s.*, c as copy
    from synced as s, unnest(case
        when {r("event_key", "dup")} < 0.005
          or (has_late_event and session_id is not null and {r("session_id", "resynccopy")} < 0.03) then [0, 1]
        else [0] end) as u(c)
)

select
    'evt-' || cast(device_id as varchar) || '-' || cast(event_key as varchar) as event_id,
    event_time,
    processed_time,
    case
        when {r("event_key * 2 + copy", "nullupd")} < 0.03 then null
        when has_late_event then greatest(session_synced_at, processed_time) + interval 10 minute
        -- a duplicate delivered again in a sync one to four days later
        when copy = 1 then
            processed_time + to_seconds(cast(86400 + floor({r("event_key", "redeliver")} * 259200) as bigint))
        else processed_time + interval 2 minute
    end as updated_time,
    device_id,
    session_id,
    view_id,
    event_type,
    case when {r("event_key", "badjson")} < 0.001 and '{json_type}' = 'varchar'
         then left(cast(event_properties as varchar), 12)  -- a truncated payload
         else cast(event_properties as varchar) end::{json_cast} as event_properties,
    source_type,
    cast(source_properties as {json_cast}) as source_properties
from rows_with_copies
"""


def generate(
    database,
    events,
    seed=42,
    json_type="varchar",
    schema="fullstory",
    table="events",
    start="2026-10-01 00:00:00",
    days=28,
):
    """Create (or replace) schema.table in the DuckDB file and return its row count."""
    pathlib.Path(database).parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database)) as con:
        relation = qualified(con, schema, table)
        con.execute(f"create schema if not exists {relation.rsplit('.', 1)[0]}")
        con.execute(f"create or replace table {relation} as " + generate_sql(events, seed, json_type, start, days))
        return con.execute(f"select count(*) from {relation}").fetchone()[0]


def qualified(con, schema, table):
    """catalog.schema.table: a two-part name is ambiguous in DuckDB when the
    database file's name is also a schema's (fullstory.duckdb, schema fullstory)."""
    catalog = con.execute("select current_database()").fetchone()[0]
    return f'"{catalog}"."{schema}"."{table}"'


# Where a re-synced row's file lands, which FullStory does not document: in a
# new partition (the hour after its re-creation, its updated_time), or in
# place of the file it replaces (the hour after the row was first processed).
LANDINGS = {
    "new partition": "coalesce(updated_time, processed_time, event_time, timestamp '2000-01-01')",
    "in place": "coalesce(processed_time, event_time, timestamp '2000-01-01')",
}


def write_export(database, root, schema="fullstory", table="events", landing="new partition"):
    """Write schema.table (FullStory's warehouse table types) as FullStory's
    Parquet export lays it out under root, replacing what is there:
    events/ingested_time=<yyyy-MM-dd HH:mm:ss>/*.parquet, an hourly partition
    after each row was synced, with the export's types (ISO time strings,
    updated_time in epoch milliseconds, payloads as JSON text); `landing`
    (LANDINGS) places the re-synced rows. Also writes the definitions
    (write_definitions). Returns the number of event partitions."""
    folder = pathlib.Path(root) / "events"
    folder.parent.mkdir(parents=True, exist_ok=True)
    iso = "'%Y-%m-%dT%H:%M:%S.%fZ'"
    with duckdb.connect(str(database)) as con:
        con.execute(f"""
            copy (
                select
                    event_id,
                    strftime(event_time, {iso}) as event_time,
                    strftime(processed_time, {iso}) as processed_time,
                    epoch_ms(updated_time) as updated_time,
                    device_id, session_id, view_id, event_type, source_type,
                    cast(event_properties as varchar) as event_properties,
                    cast(source_properties as varchar) as source_properties,
                    strftime(date_trunc('hour', {LANDINGS[landing]}) + interval 1 hour, '%Y-%m-%d %H:%M:%S')
                        as ingested_time
                from {qualified(con, schema, table)}
            ) to '{folder}' (format parquet, partition_by (ingested_time), overwrite true)
        """)
    write_definitions(root)
    return len(list(folder.glob("ingested_time=*")))


# FullStory's defined events, pages and elements, as the export writes them:
# one partition per day, a definition written again each time it changes.
# Each row: (ingested day, id, name, description, state, created_time,
# created_by, modified_time, modified_by, updated_time); page and element
# definitions have no created_time, created_by, modified_by or updated_time
# columns (written as None here, left out of their files). The element ids
# are those the events' target.element_definition_id carries (el-0 to el-6),
# the page ids those of their page_definition_id for /, /products and /cart
# (pg-<path>; the other pages' ids are not defined); the events' event
# definition id (ev-order) is not defined either.
# fmt: off
DEFINITIONS = {
    "event": [
        ("2026-10-01", "evd-1", "Added to cart", "Click on Add to cart", "active",
         "2026-10-01 09:00:00", "ana@example.com", "2026-10-01 09:00:00", "ana@example.com", "2026-10-01 09:05:00"),
        ("2026-10-01", "evd-2", "Checkout started", None, "active",
         "2026-10-01 10:00:00", "ana@example.com", "2026-10-01 10:00:00", "ana@example.com", "2026-10-01 10:05:00"),
        ("2026-10-01", "evd-3", "Signup", "Old signup flow", "draft",  # a state FullStory does not document
         "2026-10-01 11:00:00", "bo@example.com", "2026-10-01 11:00:00", "bo@example.com", "2026-10-01 11:05:00"),
        ("2026-10-01", "evd-4", "Search A", None, "active",
         "2026-10-01 12:00:00", "bo@example.com", "2026-10-01 12:00:00", "bo@example.com", "2026-10-01 12:05:00"),
        # evd-1 renamed the next day: the later modified_time is current
        ("2026-10-02", "evd-1", "Added to cart (any button)", "Click on any Add to cart", "active",
         "2026-10-01 09:00:00", "ana@example.com", "2026-10-02 08:00:00", "cy@example.com", "2026-10-02 08:05:00"),
        # evd-2 written again with the same modified_time, later updated_time: this one
        ("2026-10-02", "evd-2", "Checkout begun", None, "active",
         "2026-10-01 10:00:00", "ana@example.com", "2026-10-01 10:00:00", "ana@example.com", "2026-10-02 07:00:00"),
        # evd-4 twice, equal times: the greater name, Search B
        ("2026-10-02", "evd-4", "Search B", None, "active",
         "2026-10-01 12:00:00", "bo@example.com", "2026-10-01 12:00:00", "bo@example.com", "2026-10-01 12:05:00"),
        ("2026-10-02", "evd-5", "Newsletter signup", "Footer form", "archived",
         "2026-10-02 09:00:00", "cy@example.com", "2026-10-02 09:30:00", "cy@example.com", "2026-10-02 09:35:00"),
    ],
    "page": [
        ("2026-10-01", "pg-", "Home", "The landing page", "active", None, None, "2026-10-01 09:00:00", None, None),
        ("2026-10-01", "pg-products", "Product", None, "active", None, None, "2026-10-01 09:10:00", None, None),
        ("2026-10-02", "pg-products", "Product detail", "/products/*", "active",
         None, None, "2026-10-02 10:00:00", None, None),
        ("2026-10-02", "pg-cart", "Cart", None, "archived", None, None, "2026-10-02 11:00:00", None, None),
    ],
    "element": [
        ("2026-10-01", f"el-{i}", name, None, "active", None, None, f"2026-10-01 0{i}:00:00", None, None)
        for i, name in enumerate(["Add to cart button", "Checkout button", "Search box", "Menu",
                                  "Footer link", "Login button", "Banner"])
    ] + [
        # el-5 changed the next day
        ("2026-10-02", "el-5", "Sign-in button", "Renamed", "archived", None, None, "2026-10-02 09:00:00", None, None),
    ],
}
# fmt: on
DEFINITION_COLUMNS = (
    "id",
    "name",
    "description",
    "state",
    "created_time",
    "created_by",
    "modified_time",
    "modified_by",
    "updated_time",
)
DEFINITION_TIMES = ("created_time", "modified_time", "updated_time")


def write_definitions(root, kinds=tuple(DEFINITIONS)):
    """Write DEFINITIONS as the export lays them out under root, replacing
    what is there: configuration/<kind>-definitions/ingested_time=<yyyy-MM-dd
    00:00:00>/*.parquet, times as Parquet timestamps (UTC). A day's file has
    only the columns its rows fill (el-0 to el-6's first file has no
    description), as files of different days may differ. Returns the number
    of files."""
    files = 0
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        for kind in kinds:
            folder = pathlib.Path(root) / "configuration" / f"{kind}-definitions"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for day in sorted({row[0] for row in DEFINITIONS[kind]}):
                rows = [row[1:] for row in DEFINITIONS[kind] if row[0] == day]
                present = [c for i, c in enumerate(DEFINITION_COLUMNS) if any(row[i] is not None for row in rows)]
                values = ", ".join(
                    "(" + ", ".join("NULL" if v is None else "'" + v.replace("'", "''") + "'" for v in row) + ")"
                    for row in rows
                )
                columns = ", ".join(f"cast({c} as timestamptz) as {c}" if c in DEFINITION_TIMES else c for c in present)
                con.execute(f"""
                    copy (
                        select {columns}, '{day} 00:00:00' as ingested_time
                        from (values {values}) as t({", ".join(DEFINITION_COLUMNS)})
                    ) to '{folder}' (format parquet, partition_by (ingested_time), overwrite_or_ignore true)
                """)
            files += len(list(folder.glob("ingested_time=*/*.parquet")))
    return files


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="target/fullstory_demo.duckdb", help="DuckDB file to write")
    parser.add_argument("--events", type=int, default=50000, help="about how many events (default 50000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--json-type",
        choices=["varchar", "json"],
        default="varchar",
        help="varchar: strings holding JSON, as older syncs write (some malformed); json: DuckDB JSON",
    )
    parser.add_argument("--days", type=int, default=28, help="over how many days sessions start (default 28)")
    parser.add_argument("--schema", default="fullstory")
    parser.add_argument("--table", default="events")
    parser.add_argument("--export", metavar="ROOT", help="also write the rows as FullStory's Parquet export under ROOT")
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")
    if args.days < 1:
        parser.error("--days must be at least 1")
    rows = generate(args.database, args.events, args.seed, args.json_type, args.schema, args.table, days=args.days)
    print(f"wrote {rows} rows to {args.schema}.{args.table} in {args.database}")
    if args.export:
        partitions = write_export(args.database, args.export, args.schema, args.table)
        print(f"wrote them as FullStory's Parquet export under {args.export} ({partitions} hourly partitions)")


if __name__ == "__main__":
    sys.exit(main())
