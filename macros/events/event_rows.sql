{#-
  The conditions a synced row must meet to be an event: an event_id (not
  empty), an event_type, an event_time from fullstory_min_event_time on, and
  a sync time (updated_time, which staging fills with processed_time): a row
  with neither cannot be placed in the incremental order, so that a full
  build kept it and an incremental run never read it. `events` reads only
  such rows; the reconciliation test expects each of their event_ids in
  `events` (fullstory_dropped_source_rows counts the rest).
-#}
{% macro event_row_conditions(time_only=false) %}
  {#- time_only: only the conditions on times, for a query that must read
      timestamp columns alone (a row failing the others can only widen it) -#}
  {%- set on_time = ["event_time >= " ~ dbt_fullstory.timestamp_literal(dbt_fullstory.min_event_time()),
                     "updated_time is not null"] -%}
  {%- set identified = ["event_id is not null", "event_id <> ''", "event_type is not null"] -%}
  {{- return(on_time if time_only else identified + on_time) -}}
{% endmacro %}
