{#-
  fullstory_incremental_interval and fullstory_max_lateness as numbers of
  seconds, checked: a SQL interval or a number of days, at most ten years.
-#}

{% macro incremental_interval_seconds() %}
  {#- fullstory_incremental_interval as a number of seconds (interval_seconds) -#}
  {{ return(dbt_fullstory.interval_seconds('fullstory_incremental_interval')) }}
{% endmacro %}

{% macro max_lateness_seconds() %}
  {#- fullstory_max_lateness as a number of seconds; none (the default): no bound -#}
  {%- if var('fullstory_max_lateness', none) is none -%}{{ return(none) }}{%- endif -%}
  {{ return(dbt_fullstory.interval_seconds('fullstory_max_lateness')) }}
{% endmacro %}

{% macro interval_seconds(name) %}
  {#-
    The var `name`, an interval, as a number of seconds. Accepts a SQL
    interval (INTERVAL 7 DAY, INTERVAL '12' HOUR, interval '3 days') or a
    plain number of days (7, "7", 1.5), of at most ten years: a longer one
    parsed, then failed an incremental run with a date out of range.
  -#}
  {%- set raw = var(name) -%}
  {%- set units = {'second': 1, 'minute': 60, 'hour': 3600, 'day': 86400, 'week': 604800} -%}
  {%- set longest = dbt_fullstory.longest_interval_days() -%}
  {%- set expected = 'an interval such as INTERVAL 7 DAY or a number of days, of at most ' ~ longest
        ~ ' days (ten years reach back before any FullStory data)' -%}
  {%- if raw is number and raw is not boolean and raw >= 0 -%}
    {%- set seconds = (raw * 86400) | int -%}
  {%- else -%}
    {%- set match = modules.re.match(
          "^\\s*(?:interval\\s+)?'?\\s*([0-9]+)\\s*'?\\s*(?:(second|minute|hour|day|week)s?)?\\s*'?\\s*$",
          (raw | string) | lower) if raw is string else none -%}
    {%- if match is none -%}{{ dbt_fullstory.var_error(name, raw, expected) }}{%- endif -%}
    {%- set seconds = (match.group(1) | int) * units[match.group(2) or 'day'] -%}
  {%- endif -%}
  {%- if seconds > longest * 86400 -%}{{ dbt_fullstory.var_error(name, raw, expected) }}{%- endif -%}
  {{ return(seconds) }}
{% endmacro %}

{% macro longest_interval_days() %}
  {#- the longest fullstory_incremental_interval and fullstory_max_lateness: both go back from the
      newest updated_time, and twice this stays well inside every engine's dates -#}
  {{- return(3650) -}}
{% endmacro %}
