{#-
  Limits of an incremental run, computed once per run and inlined as
  literals so that warehouses can prune partitions on them.
-#}

{% macro incremental_lower_bound(relation, column='updated_time') %}
  {#- max(column) of the relation minus fullstory_incremental_interval, as a
      timestamp literal; none when the relation is empty or not executing. -#}
  {%- if not execute -%}{{ return(none) }}{%- endif -%}
  {%- set newest = dbt_fullstory.query_timestamp('select max(' ~ column ~ ') from ' ~ relation) -%}
  {%- if newest is none -%}{{ return(none) }}{%- endif -%}
  {%- set lower = newest - modules.datetime.timedelta(seconds=dbt_fullstory.incremental_interval_seconds()) -%}
  {{ return(dbt_fullstory.timestamp_literal(lower)) }}
{% endmacro %}

{% macro incremental_event_time_bound(relation, row_filter) %}
  {#- min(event_time) of the relation's rows that match row_filter (the rows
      an incremental run re-reads), as a timestamp literal; none when no row
      matches or not executing. Filtering on it as well lets BigQuery read
      only the event_time partitions that hold those rows: this query reads
      three timestamp columns, the run then every column of a few partitions
      instead of every partition. -#}
  {%- if not execute -%}{{ return(none) }}{%- endif -%}
  {%- set earliest = dbt_fullstory.query_timestamp(
        'select min(event_time) from ' ~ relation ~ ' where ' ~ row_filter) -%}
  {%- if earliest is none -%}{{ return(none) }}{%- endif -%}
  {{ return(dbt_fullstory.timestamp_literal(earliest)) }}
{% endmacro %}

{% macro query_timestamp(sql) %}
  {#- The one timestamp a query returns, as a naive UTC datetime (drivers
      return a datetime, an aware one, or ISO text); none for NULL. Python
      keeps microseconds: a Snowflake nanosecond value is rounded down,
      which only widens a lower bound. -#}
  {%- set value = run_query(sql).columns[0].values()[0] -%}
  {%- if value is none -%}{{ return(none) }}{%- endif -%}
  {%- if value is string -%}
    {%- set value = modules.datetime.datetime.fromisoformat(value) -%}
  {%- endif -%}
  {%- if value.tzinfo is not none -%}
    {%- set value = value.astimezone(modules.pytz.utc) -%}
  {%- endif -%}
  {{ return(value.replace(tzinfo=none)) }}
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
