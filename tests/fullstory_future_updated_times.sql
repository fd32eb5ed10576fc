{#-
  Events whose updated_time is after the run's start: a bad clock or a bad
  row (FullStory sets updated_time when it syncs). `events` keeps them as
  synced, but the incremental lookback ignores them (they would otherwise
  stop loading for good); `dbt build` warns with their number.
-#}
{{ config(severity='warn', tags=['fullstory_future_updated_times']) }}

select
    event_id,
    event_time,
    updated_time
from {{ ref('dbt_fullstory', 'events') }}
where updated_time > {{ dbt_fullstory.timestamp_literal(dbt_fullstory.run_started_utc()) }}
