{#-
  The types of the var fullstory_event_types that no event in `events` has:
  each is a total_<type>_events column of sessions and users that counts 0,
  most often a misspelt type. `dbt build` warns with their number. Reads the
  event_type column of events; the var fullstory_reconcile_events: false
  turns it off, with the reconciliation test.
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
    'no event has this type: check its spelling in fullstory_event_types' as reason
from configured_types
where
    configured_types.event_type is not null
    and not exists (
        select 1 from {{ ref('dbt_fullstory', 'events') }} as loaded_events
        where loaded_events.event_type = configured_types.event_type
    )
