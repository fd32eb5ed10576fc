{#- The package's SQL macros for users' own models, over events: replay_url()
    and event_type_rollup(), one row per session. The singular test
    macro_rollups_equal_expected_sessions compares them with the hand-checked
    sessions (whose columns the Python model computes on its own).
    A table, not a view: the full-build test names its database file
    analytics.duckdb, and DuckDB 2.0 cannot create a user's view that names
    analytics.analytics.events (the package's own staging views read their
    source around it: view_source). -#}
{{ config(materialized='table') }}

select
    full_session_id,
    device_id,
    session_id,
    {{ dbt_fullstory.replay_url('device_id', 'session_id') }} as replay_url,
    {{ dbt_fullstory.event_type_rollup() }}
from {{ ref('dbt_fullstory', 'events') }}
group by full_session_id, device_id, session_id
