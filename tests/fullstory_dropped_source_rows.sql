{#-
  The synced rows that `events` leaves out, counted: `dbt build` warns with
  their number (WARN <n>), and `--store-failures` keeps them for a look.
  They are rows that cannot be an event: no event_id to deduplicate on, no
  event_type, an event_time before fullstory_min_event_time (or none), or no
  sync time (neither updated_time nor processed_time).
  Reads five light columns of the whole synced table; the var
  fullstory_count_dropped_rows: false turns it off.
-#}
{{ config(
    severity='warn',
    tags=['fullstory_dropped_rows'],
    enabled=var('fullstory_count_dropped_rows', true)
) }}

select
    event_id,
    event_time,
    updated_time,
    event_type,
    case
        when event_id is null then 'NULL event_id'
        when event_id = '' then 'empty event_id'
        when event_type is null then 'NULL event_type'
        when event_time is null then 'NULL event_time'
        when event_time < {{ dbt_fullstory.timestamp_literal(dbt_fullstory.min_event_time()) }}
            then 'event_time before fullstory_min_event_time'
        else 'no sync time: NULL (or unreadable) processed_time and updated_time'
    end as reason
-- with the export, every file: the staging view holds only the last run's
from {{ dbt_fullstory.all_staged_events(ref('dbt_fullstory', 'stg_fullstory__events')) }}
where
    event_id is null
    or event_id = ''
    or event_type is null
    or event_time is null
    or event_time < {{ dbt_fullstory.timestamp_literal(dbt_fullstory.min_event_time()) }}
    or updated_time is null
