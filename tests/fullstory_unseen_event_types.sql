{#-
  The types of the var fullstory_event_types that no event in `events` has
  and that are not among FullStory's event types (the seed
  fullstory_event_types): a misspelling, whose total_<type>_events column of
  sessions and users would count 0 for good. `dbt build` warns with their
  number, and a warning line in the console names each of them. A FullStory
  type your org does not send (crash on a web-only org) is not reported:
  the default list has all 25. Reads the event_type column of events once;
  the var fullstory_reconcile_events: false turns it off, with the
  reconciliation test.
-#}
{{ config(
    severity='warn',
    tags=['fullstory_reconciliation'],
    enabled=var('fullstory_reconcile_events', true)
) }}

{%- set reason = 'no event has this type, and FullStory has no such type:'
                 ~ ' check its spelling in fullstory_event_types' -%}
-- noqa: disable=LT02
{%- set unseen_types_query -%}
with configured_types as (

    {% for event_type in var('fullstory_event_types') -%}
    select '{{ event_type }}' as event_type
    {% if not loop.last %}union all
    {% endif -%}
    {%- else -%}
    select cast(null as {{ dbt.type_string() }}) as event_type
    {%- endfor %}

)

select configured_types.event_type
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
{%- endset %}
-- noqa: enable=LT02

{#- When the test runs (dbt compiles a test just before running it), the types
    are found here, named in the console, and the test selects them as
    constants: events is read once. Compiled otherwise (dbt compile, docs), the
    test is the query itself. -#}
{%- if execute and flags.WHICH in ('test', 'build') -%}
  {%- set unseen_types = run_query(unseen_types_query).columns[0].values() | list -%}
  {%- if unseen_types -%}
    {%- do exceptions.warn("dbt_fullstory: fullstory_event_types lists " ~ unseen_types | join(', ')
          ~ ", which no event in events has and FullStory does not send. Check the spelling: "
          ~ "its total_<type>_events columns count 0.") -%}
  {%- endif %}
with unseen_types as (

    {% for event_type in unseen_types -%}
    select '{{ event_type }}' as event_type
    {% if not loop.last %}union all
    {% endif -%}
    {%- else -%}
    select cast(null as {{ dbt.type_string() }}) as event_type
    {%- endfor %}

)
{%- else %}
with unseen_types as (

    {{ unseen_types_query | indent(4) }}

)
{%- endif %}

select
    event_type,
    '{{ reason }}' as reason
from unseen_types
where event_type is not null
