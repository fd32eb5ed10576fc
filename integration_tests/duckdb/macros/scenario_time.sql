{#-
  A scenario time (UTC wall clock in the seed) as the source column: as the
  seed has it, or, with the var scenario_times_with_time_zone, in a type that
  carries a time zone. Tests run that source on a machine or session in
  another time zone: the package must still give the seed's UTC times.
-#}
{% macro scenario_time(column) %}
  {{- return(adapter.dispatch('scenario_time')(column)) -}}
{% endmacro %}

{% macro default__scenario_time(column) %}{{ column }}{% endmacro %}

{% macro duckdb__scenario_time(column) %}
  {#- TIMESTAMP WITH TIME ZONE, as Parquet files often type their times -#}
  {%- if var('scenario_times_with_time_zone', false) -%}
    timezone('UTC', {{ column }})
  {%- else -%}{{ column }}{%- endif -%}
{% endmacro %}

{% macro snowflake__scenario_time(column) %}
  {#- TIMESTAMP_LTZ, as a table created under TIMESTAMP_TYPE_MAPPING = TIMESTAMP_LTZ has it; the
      instant is spelled with its offset, so that no session time zone enters the conversion -#}
  {%- if var('scenario_times_with_time_zone', false) -%}
    cast(cast({{ column }} as varchar) || '+00' as timestamp_ltz)
  {%- else -%}{{ column }}{%- endif -%}
{% endmacro %}
