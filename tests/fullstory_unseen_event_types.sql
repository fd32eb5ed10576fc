{#-
  The types of the var fullstory_event_types that no event in `events` has
  and that are not among FullStory's event types (the seed
  fullstory_event_types): a misspelling, whose total_<type>_events column of
  sessions and users would count 0 for good. `dbt build` warns with their
  number. A FullStory type your org does not send (crash on a web-only org)
  is not reported: the default list has all 25. Reads the event_type column
  of events; the var fullstory_reconcile_events: false turns it off, with
  the reconciliation test.
-#}
{{ config(
    severity='warn',
    tags=['fullstory_reconciliation'],
    enabled=var('fullstory_reconcile_events', true)
) }}

{%- set event_types = var('fullstory_event_types') -%}

with configured_types as (

    {% for event_type in event_types -%}
    select '{{ event_type }}' as event_type
    {% if not loop.last %}union all
    {% endif -%}
    {%- else -%}
    select cast(null as {{ dbt.type_string() }}) as event_type
    {%- endfor %}

)

select
    configured_types.event_type,
    'no event has this type, and FullStory has no such type: check its spelling in fullstory_event_types' as reason
from configured_types
where
    configured_types.event_type is not null
    and not exists (
        select 1 from {{ ref('dbt_fullstory', 'fullstory_event_types') }} as fullstory_types
        where fullstory_types.name = configured_types.event_type
    )
    and not exists (
        select 1 from {{ ref('dbt_fullstory', 'events') }} as loaded_events
        where loaded_events.event_type = configured_types.event_type
    )
