{#-
  The scenario's source in the types of FullStory's Parquet export (var
  scenario_source_format: export): event_time and processed_time as UTC ISO
  strings ending in Z, updated_time as epoch milliseconds, payloads as JSON
  text. The package reads it with fullstory_source_format: export.
-#}
{% macro scenario_export_time(column) %}
  {{- return(adapter.dispatch('scenario_export_time')(column)) -}}
{% endmacro %}

{% macro default__scenario_export_time(column) %}
  strftime({{ column }}, '%Y-%m-%dT%H:%M:%S.%fZ')
{%- endmacro %}

{% macro snowflake__scenario_export_time(column) %}
  to_varchar({{ column }}, 'YYYY-MM-DD"T"HH24:MI:SS.FF6"Z"')
{%- endmacro %}

{% macro bigquery__scenario_export_time(column) %}
  format_timestamp('%Y-%m-%dT%H:%M:%E6SZ', {{ column }})
{%- endmacro %}

{% macro scenario_epoch_ms(column) %}
  {{- return(adapter.dispatch('scenario_epoch_ms')(column)) -}}
{% endmacro %}

{% macro default__scenario_epoch_ms(column) %}
  epoch_ms({{ column }})
{%- endmacro %}

{% macro snowflake__scenario_epoch_ms(column) %}
  date_part(epoch_millisecond, {{ column }})
{%- endmacro %}

{% macro bigquery__scenario_epoch_ms(column) %}
  unix_millis({{ column }})
{%- endmacro %}
