{#- Resolved values of the package vars that have target-dependent defaults. -#}

{% macro fullstory_events_database() %}
  {{- return(var('fullstory_events_database', none) or target.database) -}}
{% endmacro %}

{% macro fullstory_events_schema() %}
  {{- return(var('fullstory_events_schema', none) or target.schema) -}}
{% endmacro %}

{% macro fullstory_events_table() %}
  {#- BigQuery's sync names the table after the org: o-123-na1 -> fullstory_events_o_123_na1 -#}
  {%- set table = var('fullstory_events_table', none) -%}
  {%- set org_id = var('fullstory_org_id', none) -%}
  {%- if table -%}
    {{- return(table) -}}
  {%- elif target.type == 'bigquery' and org_id -%}
    {{- return('fullstory_events_' ~ (org_id | replace('-', '_'))) -}}
  {%- else -%}
    {{- return('events') -}}
  {%- endif -%}
{% endmacro %}

{% macro fullstory_event_types() %}
  {{- return(var('fullstory_event_types')) -}}
{% endmacro %}
