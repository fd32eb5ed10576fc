{#-
  Reconciliation: the synced events that `events` should hold and does not,
  or holds in an older version than the newest synced copy (a re-sync that
  was not loaded), each with the reason. The rows it must leave out (no
  event_id, no event_type, event_time before fullstory_min_event_time) are
  counted by fullstory_dropped_source_rows instead; any other event_id of the
  source must be in `events`, in its newest version, so a silent loss shows
  as WARN <n> here, and so does a row left out by fullstory_max_lateness.
  Reads six light columns of the synced table and two of events; the var
  fullstory_reconcile_events: false turns it off.
-#}
{{ config(
    severity='warn',
    tags=['fullstory_reconciliation'],
    enabled=var('fullstory_reconcile_events', true)
) }}

{#- the lower bound of the next incremental run of events; none when events is
    empty, or not built yet (dbt compile on a fresh schema) -#}
{%- set lower_value = dbt_fullstory.incremental_lower_bound_value(
      ref('dbt_fullstory', 'events'), report_future=false, exact=true) -%}
{%- set lateness = dbt_fullstory.lateness_bound(lower_value) -%}
{#- the export's partitions: incremental runs list them by date (export_window_patterns) -#}
{%- set export = var('fullstory_export_path', none) is not none -%}
{%- set dated_partition = dbt_fullstory.full_match('ingested_time', '[0-9]{4}-?[0-9]{2}-?[0-9]{2}.*') -%}

with source_events as (

    select
        {%- if export %}
            max(case when not {{ dated_partition }} then ingested_time end) as undated_partition,
        {%- endif %}
        event_id,
        max(updated_time) as updated_time,
        max(event_time) as event_time
    -- with the export, every file: the staging view holds only the last run's
    from {{ dbt_fullstory.all_staged_events(ref('dbt_fullstory', 'stg_fullstory__events'),
                                             passthrough=['ingested_time'] if export else []) }}
    where
        {{ dbt_fullstory.event_row_conditions() | join("\n        and ") }}
    group by event_id

)

select
    source_events.event_id,
    source_events.updated_time,
    case
        {%- if export %}
            when source_events.undated_partition is not null
                then
                    'in partition ingested_time=' || source_events.undated_partition
                    || ', whose name is not a date: incremental runs list partitions by date and never read it.'
                    || ' Move its files into a partition named ingested_time=yyyy-MM-dd HH:mm:ss, or rebuild events'
        {%- endif %}
        {#- first: a row the bound left out may also be older than the lookback by now -#}
        {%- if lateness is not none %}
            when source_events.event_time < {{ dbt_fullstory.timestamp_literal(lateness) }}
                then 'event_time more than fullstory_max_lateness behind the lookback: the next full refresh loads it'
        {%- endif %}
        {%- if lower_value is not none %}
            when source_events.updated_time < {{ dbt_fullstory.timestamp_literal(lower_value) }}
                -- rebuilding: the var fullstory_allow_full_refresh and dbt build -s events --full-refresh
                then 'synced more than fullstory_incremental_interval late: widen it, or rebuild events'
        {%- endif %}
        else 'not loaded by the last run of events: run dbt build again, and report it if it stays'
    end as reason
from source_events
where not exists (
    select 1 from {{ ref('dbt_fullstory', 'events') }} as loaded_events
    where
        loaded_events.event_id = source_events.event_id
        -- the newest synced copy wins (event_version.sql): an older stored one is stale
        and loaded_events.updated_time >= source_events.updated_time
)
