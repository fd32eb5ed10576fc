"""Re-synced copies that move their event: hostile input for the property tests.

FullStory re-syncs a session's events with the same device, session and view;
nothing promises it. A copy written later that puts its event in another view
or session (or in none), gives it another type or time, or moves a whole
session, must leave every model equal to a full refresh: the rows the event
left are rebuilt or deleted, not kept stale.
"""

import duckdb

# what a moved copy changes, by kind
KINDS = ("view", "session", "type", "no session", "time")


def add_moved_copies(database, schema, table, seed, move_times=True, share=4, days=(2, 6)):
    """Append to schema.table, for about `share` percent of the session events
    (a pick by hash, repeatable) and for every event of about one session in
    a hundred, a copy synced `days` (from, to) after the event's newest one:
    long enough that its old session is past the lookback and untouched.
    Each is changed by kind (KINDS; `time` only with move_times: a bounded
    delete assumes that copies share their event_time). Returns {kind: copies}."""
    kinds = len(KINDS) if move_times else KINDS.index("time")
    with duckdb.connect(str(database)) as con:
        con.execute(f"""
            create temp table moved as
            with latest as (
                select * from "{schema}"."{table}"
                where session_id is not null and view_id is not null and event_id is not null
                qualify row_number() over (
                    partition by event_id order by coalesce(updated_time, processed_time) desc nulls last) = 1
            ),
            device_sessions as (
                select device_id, list(distinct session_id order by session_id) as sessions
                from latest group by device_id
            ),
            picked as (
                select
                    latest.*,
                    -- one session in a hundred moves whole, to another of its device
                    case when hash(latest.device_id, latest.session_id, {seed}, 'whole') % 100 = 0 then 1
                         when hash(event_id, {seed}, 'pick') % 100 < {share}
                             then hash(event_id, {seed}, 'kind') % {kinds} end as kind,
                    list_filter(device_sessions.sessions, lambda s: s <> latest.session_id) as other_sessions,
                    hash(event_id, {seed}, 'by') as draw
                from latest join device_sessions using (device_id)
            )
            select
                event_id,
                case when kind = 4 then event_time + to_seconds(cast(draw % 600 as bigint) - 300)
                     else event_time end as event_time,
                processed_time,
                coalesce(updated_time, processed_time)
                    + to_seconds(cast({days[0] * 86400} + draw % {(days[1] - days[0]) * 86400} as bigint))
                    as updated_time,
                device_id,
                case when kind = 1 and len(other_sessions) > 0
                         then other_sessions[1 + cast(draw % len(other_sessions) as bigint)]
                     when kind = 3 then null
                     else session_id end as session_id,
                case when kind = 0 then view_id + 1
                     when kind = 1 and len(other_sessions) > 0
                         then other_sessions[1 + cast(draw % len(other_sessions) as bigint)] * 10 + draw % 3
                     when kind = 3 then null
                     else view_id end as view_id,
                case when kind = 2 then (case when event_type = 'click' then 'custom' else 'click' end)
                     else event_type end as event_type,
                event_properties,
                source_type,
                source_properties,
                kind
            from picked
            where kind is not null
        """)
        con.execute(f'insert into "{schema}"."{table}" by name select * exclude (kind) from moved')
        counts = dict(con.execute("select kind, count(*) from moved group by kind").fetchall())
    return {name: counts.get(kind, 0) for kind, name in enumerate(KINDS[:kinds])}
