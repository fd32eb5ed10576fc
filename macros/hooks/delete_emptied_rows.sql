{#-
  Post-hook of sessions and pages: an incremental run rebuilds a session's
  rows whole, and a row it no longer makes (a page view whose every event
  moved to another view, a session whose every event moved to another
  session, as a re-synced copy can) is written with total_events 0, since
  the merge only adds and replaces rows (emptied_rows, in the models' logic).
  This deletes them. A row the models make has at least one event; the
  delete reads total_events, which the row groups' and micro-partitions'
  minimums let DuckDB and Snowflake skip where nothing was emptied.
-#}
{% macro delete_emptied_rows() %}
  {%- if not execute or not is_incremental() -%}{{ return('') }}{%- endif -%}
  {{- return('delete from ' ~ this ~ ' where total_events = 0') -}}
{% endmacro %}
