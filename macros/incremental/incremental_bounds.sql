{#-
  Limits of an incremental run, computed once per run and inlined as
  literals so that warehouses can prune partitions on them.
-#}

{% macro incremental_lower_bound(relation, column='updated_time') %}
  {#- max(column) of the relation minus fullstory_incremental_interval, as a
      timestamp literal; none when the relation is empty or not executing. -#}
  {%- if not execute -%}{{ return(none) }}{%- endif -%}
  {%- set result = run_query('select max(' ~ column ~ ') from ' ~ relation) -%}
  {%- set newest = result.columns[0].values()[0] -%}
  {%- if newest is none -%}{{ return(none) }}{%- endif -%}
  {%- if newest is string -%}
    {%- set newest = modules.datetime.datetime.fromisoformat(newest) -%}
  {%- endif -%}
  {%- set lower = newest.replace(tzinfo=none)
        - modules.datetime.timedelta(seconds=dbt_fullstory.incremental_interval_seconds()) -%}
  {{ return(dbt_fullstory.timestamp_literal(lower)) }}
{% endmacro %}

{% macro timestamp_literal(value) %}
  {{- return(adapter.dispatch('timestamp_literal', 'dbt_fullstory')(value)) -}}
{% endmacro %}

{% macro default__timestamp_literal(value) %}
  {{- return("cast('" ~ value.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as " ~ dbt.type_timestamp() ~ ")") -}}
{% endmacro %}

{% macro bigquery__timestamp_literal(value) %}
  {{- return("timestamp '" ~ value.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "+00'") -}}
{% endmacro %}

{% macro snowflake__timestamp_literal(value) %}
  {#- timestamp_ntz, FullStory's type there, whatever TIMESTAMP_TYPE_MAPPING says -#}
  {{- return("'" ~ value.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "'::timestamp_ntz") -}}
{% endmacro %}
