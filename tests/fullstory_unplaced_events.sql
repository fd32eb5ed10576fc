{#-
  Events that `events` keeps but no session, page view or user can hold: a
  session_id without a device_id. A session is `<device_id>:<session_id>`
  (a session_id is unique only within its device), so such an event has no
  full_session_id; it is counted here rather than left unseen. Server-API
  events (no session_id) belong to no session by design and are not listed.
  `dbt build` warns with their number. Reads two columns of events; the var
  fullstory_reconcile_events: false turns it off, with the reconciliation tests.
-#}
{{ config(
    severity='warn',
    tags=['fullstory_reconciliation'],
    enabled=var('fullstory_reconcile_events', true)
) }}

select
    event_id,
    event_time,
    session_id,
    'a session_id without a device_id: in events, in no session, page view or user' as reason
from {{ ref('dbt_fullstory', 'events') }}
where session_id is not null and device_id is null
