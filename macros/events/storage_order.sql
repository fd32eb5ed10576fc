{#-
  The order events writes its rows in. On DuckDB a table keeps the order rows
  were inserted in, and each row group's min/max lets a literal bound on a
  column skip the groups outside it: written in event_time order, the
  event_time bounds of an incremental run (events' read of its stored rows,
  the sessions and pages rebuild) and updated_time ones (which follows
  event_time but for re-synced rows, which are written again with the run)
  read the recent row groups, not the history. Elsewhere the warehouse keeps
  its own layout (BigQuery's day partitions; Snowflake's clustering).
-#}

{% macro events_storage_order() %}
  {{- return(adapter.dispatch('events_storage_order', 'dbt_fullstory')()) -}}
{% endmacro %}

{% macro default__events_storage_order() %}
{%- endmacro %}

{% macro duckdb__events_storage_order() %}
order by event_time
{%- endmacro %}
