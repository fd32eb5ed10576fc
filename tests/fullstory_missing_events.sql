{#-
  Reconciliation: the synced events that `events` should hold and does not,
  each with the reason. The rows it must leave out (no event_id, no
  event_type, event_time before fullstory_min_event_time) are counted by
  fullstory_dropped_source_rows instead; any other event_id of the source
  must be in `events`, so a silent loss shows as WARN <n> here. Reads five
  light columns of the synced table and one of events; the var
  fullstory_reconcile_events: false turns it off.
-#}
{{ config(
    severity='warn',
    tags=['fullstory_reconciliation'],
    enabled=var('fullstory_reconcile_events', true)
) }}

{#- the lower bound of the next incremental run of events; none when events is
    empty, or not built yet (dbt compile on a fresh schema) -#}
{%- set lower_bound = dbt_fullstory.incremental_lower_bound(ref('dbt_fullstory', 'events'), report_future=false) -%}

with source_events as (

    select
        event_id,
        max(updated_time) as updated_time
    from {{ ref('dbt_fullstory', 'stg_fullstory__events') }}
    where
        {{ dbt_fullstory.event_row_conditions() | join("\n        and ") }}
    group by event_id

)

select
    source_events.event_id,
    source_events.updated_time,
    case
        when source_events.updated_time is null
            then 'no updated_time nor processed_time: only a first build or a full refresh reads it'
        {%- if lower_bound is not none %}
            when source_events.updated_time < {{ lower_bound }}
                -- rebuilding: the var fullstory_allow_full_refresh and dbt build -s events --full-refresh
                then 'synced more than fullstory_incremental_interval late: widen it, or rebuild events'
        {%- endif %}
        else 'not loaded by the last run of events: run dbt build again, and report it if it stays'
    end as reason
from source_events
where not exists (
    select 1 from {{ ref('dbt_fullstory', 'events') }} as loaded_events
    where loaded_events.event_id = source_events.event_id
)
