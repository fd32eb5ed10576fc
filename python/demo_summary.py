"""Print a short summary of the models the demo built: python python/demo_summary.py DATABASE"""

import sys

import duckdb


def main(database):
    with duckdb.connect(database, read_only=True) as con:

        def one(sql):
            return con.execute(sql).fetchone()

        raw, events = one("select (select count(*) from fullstory.events), (select count(*) from analytics.events)")
        sessions, avg_duration = one("select count(*), round(avg(duration_seconds)) from analytics.sessions")
        users, identified = one("select count(*), count(*) filter (where is_identified) from analytics.users")
        print()
        print("dbt_fullstory demo")
        print(f"  synced rows            {raw:>8}  (duplicates, late re-syncs and bad rows included)")
        print(f"  events                 {events:>8}  (one per event_id)")
        print(f"  sessions               {sessions:>8}  (average {avg_duration:.0f} s)")
        print(f"  users                  {users:>8}  ({identified} identified, {users - identified} anonymous)")
        print("  top event types:")
        for event_type, count in con.execute(
            "select event_type, count(*) from analytics.events group by 1 order by 2 desc, 1 limit 5"
        ).fetchall():
            print(f"    {event_type:<20} {count:>8}")
        user_id, sessions_of_user, replay_url = one(
            "select user_id, total_sessions, last_replay_url from analytics.users"
            " where is_identified order by total_sessions desc, user_id limit 1"
        )
        print(f"  busiest identified user: {user_id} ({sessions_of_user} sessions), last replay:")
        print(f"    {replay_url}")
        kinds = one(
            "select (select count(*) from analytics.event_definitions),"
            " (select count(*) from analytics.page_definitions), (select count(*) from analytics.element_definitions)"
        )
        if sum(kinds):
            print(f"  definitions: {kinds[0]} events, {kinds[1]} pages, {kinds[2]} elements (from the export's files)")
        else:
            print("  definitions: none (a warehouse table without them; scripts/demo --export writes some)")
        top_element = one(
            "select element.name, count(*) from analytics.events"
            " join analytics.element_definitions as element on events.target_element_definition_id = element.id"
            " where events.event_type = 'click' group by 1 order by 2 desc, 1 limit 1"
        )
        if top_element:
            print(f"  most clicked defined element: {top_element[0]} ({top_element[1]} clicks)")
        print_frustration(con)
        print_conversions(con)


# the README's query (Try it): pages by rage clicks over the last 7 days of the data, by
# start_date (the date in fullstory_timezone); a team's own would end at current_date
PAGES_BY_RAGE_CLICKS = """
select coalesce(page_path, '(no URL)') as page, any_value(page_name) as page_name, count(*) as views,
       sum(total_rage_clicks) as rage_clicks, sum(total_dead_clicks) as dead_clicks,
       sum(total_error_clicks) as error_clicks, count(*) filter (where is_frustrated) as frustrated_views
from analytics.pages
where start_date > (select max(start_date) from analytics.pages) - 7
group by page
order by rage_clicks desc, frustrated_views desc, page
limit 3
"""


def print_frustration(con):
    first, last = con.execute("select max(start_date) - 6, max(start_date) from analytics.pages").fetchone()
    print(f"  most frustrating pages, {first} to {last} (dates in fullstory_timezone):")
    print(f"    {'page':<16}{'name':<16}{'views':>7}{'rage':>6}{'dead':>6}{'error':>6}{'frustrated':>11}")
    for path, name, views, rage, dead, error, frustrated in con.execute(PAGES_BY_RAGE_CLICKS).fetchall():
        print(f"    {path:<16}{name or '-':<16}{views:>7}{rage:>6}{dead:>6}{error:>6}{frustrated:>11}")
    worst = con.execute(
        "select coalesce(page_path, '(no URL)'), total_rage_clicks + total_dead_clicks + total_error_clicks, replay_url"
        " from analytics.pages where replay_url is not null"
        " order by 2 desc, start_time desc, full_view_id limit 1"
    ).fetchone()
    if worst and worst[1]:
        print(f"  the page view with the most signals ({worst[1]}, on {worst[0]}), to watch:")
        print(f"    {worst[2]}")


def print_conversions(con):
    columns = [r[0] for r in con.execute("describe analytics.users").fetchall()]
    names = [c[len("total_") : -len("_converted_sessions")] for c in columns if c.endswith("_converted_sessions")]
    if not names:
        print("  conversions: none (the var fullstory_conversions)")
        return
    print("  conversions (fullstory_conversions):")
    for name in names:
        total, sessions, users, first = con.execute(
            f'select sum("total_{name}_conversions"), sum("total_{name}_converted_sessions"),'
            f' count(*) filter (where "total_{name}_conversions" > 0), min("first_{name}_time") from analytics.users'
        ).fetchone()
        print(f"    {name:<12} {total:>6} events in {sessions} sessions of {users} users, first at {first} UTC")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/fullstory_demo.duckdb")
