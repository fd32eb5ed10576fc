{#- The package's macros replay_url() and event_type_rollup() (the model
    macro_rollups) give, for every session, the replay_url and the
    total_<type>_events of the hand-checked expected_sessions: rows of either
    side missing from the other are returned. Sessions are the events that have
    a full_session_id. -#}
{%- set columns = ['full_session_id', 'device_id', 'session_id', 'replay_url'] -%}
{%- for event_type in var('fullstory_event_types') -%}
    {%- do columns.append('total_' ~ event_type ~ '_events') -%}
{%- endfor -%}
{%- set column_list = columns | join(', ') -%}

with from_macros as (
    select {{ column_list }}
    from {{ ref('macro_rollups') }}
    where full_session_id is not null
),

expected as (
    select {{ column_list }}
    from {{ ref('expected_sessions') }}
),

missing as (
    select {{ column_list }} from expected
    {{ dbt.except() }}
    select {{ column_list }} from from_macros
),

unexpected as (
    select {{ column_list }} from from_macros
    {{ dbt.except() }}
    select {{ column_list }} from expected
)

select
    'missing from macro_rollups' as difference,
    {{ column_list }}
from missing
union all
select
    'not expected' as difference,
    {{ column_list }}
from unexpected
