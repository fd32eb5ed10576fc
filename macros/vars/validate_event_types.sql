{#-
  fullstory_event_types: each a lower-case identifier, listed once, and no
  name whose total_<type>_events column another column already has.
-#}

{% macro validate_event_types() %}
  {%- set event_types = var('fullstory_event_types') -%}
  {%- if event_types is string or event_types is mapping or event_types is not iterable -%}
    {{ dbt_fullstory.var_error('fullstory_event_types', event_types, 'a list of event type names') }}
  {%- endif -%}
  {%- for event_type in event_types -%}
    {%- if event_type is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', event_type) -%}
      {{ dbt_fullstory.var_error('fullstory_event_types', event_type,
           'an event type that is a safe identifier (letters, digits, underscores)') }}
    {%- elif event_type != event_type | lower -%}
      {{ dbt_fullstory.var_error('fullstory_event_types', event_type,
           'an event type in lower case, as FullStory writes them (' ~ event_type | lower ~ ', not '
           ~ event_type ~ '): the types are matched exactly, and this one would count nothing') }}
    {%- endif -%}
  {%- endfor -%}
  {%- if event_types | map('lower') | unique | list | length != event_types | length -%}
    {{ dbt_fullstory.var_error('fullstory_event_types', event_types, 'a list without repeated types') }}
  {%- endif -%}
  {%- for event_type in event_types if event_type in dbt_fullstory.source_types() -%}
    {#- total_<type>_events of sessions and users: the per-source totals already have these names -#}
    {{ dbt_fullstory.var_error('fullstory_event_types', event_type,
         'an event type whose column is its own: total_' ~ event_type ~ '_events of sessions and users already'
         ~ ' counts the events whose source_type is ' ~ event_type ~ '. FullStory has no event type of that name') }}
  {%- endfor -%}
{% endmacro %}
