{#-
  A scenario payload (a string holding JSON in the seed) in a type the
  warehouse's FullStory table has, so that the package's handling of each
  runs: on Snowflake VARIANT (a malformed payload cannot be stored there and
  arrives as NULL); on BigQuery, newer syncs write JSON and older ones
  STRING, so event_properties is JSON and source_properties stays a string;
  on DuckDB a VARCHAR sync (the user-project test covers JSON columns).
-#}
{% macro source_json(column) %}
  {{- return(adapter.dispatch('source_json')(column)) -}}
{% endmacro %}

{% macro default__source_json(column) %}{{ column }}{% endmacro %}

{% macro snowflake__source_json(column) %}try_parse_json({{ column }}){% endmacro %}

{% macro bigquery__source_json(column) %}
  {%- if column == 'event_properties' -%}safe.parse_json({{ column }}){%- else -%}{{ column }}{%- endif -%}
{% endmacro %}
