{#-
  The scenario's source in the types of FullStory's Parquet export (var
  scenario_source_format: export): event_time and processed_time as ISO
  strings, updated_time as epoch milliseconds, payloads as JSON text. The
  package reads it with fullstory_source_format: export. processed_time ends
  in Z, as FullStory writes them; event_time is spelled in New York's
  daylight time (-04:00), the same instant, so that a reader that drops an
  offset gives every event_time four hours early, and the expected CSVs fail.
-#}
{% macro scenario_export_time(column, utc_offset='Z') %}
  {{- return(adapter.dispatch('scenario_export_time')(column, utc_offset)) -}}
{% endmacro %}

{% macro default__scenario_export_time(column, utc_offset) %}
  {%- if utc_offset == 'Z' -%}
  strftime({{ column }}, '%Y-%m-%dT%H:%M:%S.%fZ')
  {%- else -%}
  strftime({{ column }} + interval ({{ scenario_offset_minutes(utc_offset) }}) minute, '%Y-%m-%dT%H:%M:%S.%f{{ utc_offset }}')
  {%- endif -%}
{%- endmacro %}

{% macro snowflake__scenario_export_time(column, utc_offset) %}
  {%- if utc_offset == 'Z' -%}
  to_varchar({{ column }}, 'YYYY-MM-DD"T"HH24:MI:SS.FF6"Z"')
  {%- else -%}
  to_varchar(dateadd(minute, {{ scenario_offset_minutes(utc_offset) }}, {{ column }}), 'YYYY-MM-DD"T"HH24:MI:SS.FF6') || '{{ utc_offset }}'
  {%- endif -%}
{%- endmacro %}

{% macro bigquery__scenario_export_time(column, utc_offset) %}
  {%- if utc_offset == 'Z' -%}
  format_timestamp('%Y-%m-%dT%H:%M:%E6SZ', {{ column }})
  {%- else -%}
  format_timestamp('%Y-%m-%dT%H:%M:%E6S', timestamp_add({{ column }}, interval {{ scenario_offset_minutes(utc_offset) }} minute), 'UTC') || '{{ utc_offset }}'
  {%- endif -%}
{%- endmacro %}

{% macro scenario_offset_minutes(utc_offset) %}
  {#- '-04:00' as -240 -#}
  {%- set sign = -1 if utc_offset[0] == '-' else 1 -%}
  {{- return(sign * ((utc_offset[1:3] | int) * 60 + (utc_offset[4:6] | int))) -}}
{% endmacro %}

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
