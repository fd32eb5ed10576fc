{#-
  One `total_<type>_events` column per type in fullstory_event_types, for SQL
  models of users' own. The sessions and users Python models get the same list
  through their YAML config and build the same columns.
-#}

{% macro event_type_rollup(event_type_column='event_type') %}
  {%- for event_type in var('fullstory_event_types') %}
  count(case when {{ event_type_column }} = '{{ event_type }}' then 1 end) as total_{{ event_type }}_events
  {%- if not loop.last %},{% endif %}
  {%- endfor %}
{% endmacro %}
