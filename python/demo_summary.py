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


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/fullstory_demo.duckdb")
