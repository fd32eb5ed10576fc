{#-
  What a run of events reads of the staged source rows: events (event_row_conditions),
  and on an incremental run the rows synced within fullstory_incremental_interval
  of the newest one stored, bounded on event_time too so that warehouses prune.
-#}

{% macro events_read_bounds(staged_events) %}
  {#- A dict: `conditions` (SQL, to join with "and") and `event_time_bound`
      (a timestamp literal, or none: no bound on a full build).

      The earliest event_time among the re-read rows, found first by a query
      on three timestamp columns (the time conditions only: a row without
      event_id or event_type can only widen the range), bounds the run's
      reads: BigQuery then scans only the event_time partitions that hold
      re-read rows, of the source and of the stored events. With no re-read
      row any bound selects nothing: the lower bound on updated_time stands
      in. An ephemeral staging model (a user's override) cannot be queried on
      its own: no bound then. -#}
  {%- set lower_bound = dbt_fullstory.incremental_lower_bound(this) if is_incremental() else none -%}
  {%- if lower_bound is none -%}
    {{ return({'conditions': dbt_fullstory.event_row_conditions(), 'event_time_bound': none}) }}
  {%- endif -%}
  {%- set lookback = ["updated_time >= " ~ lower_bound] -%}
  {%- set event_time_bound = none -%}
  {%- if not staged_events.is_cte -%}
    {%- set event_time_bound = dbt_fullstory.incremental_event_time_bound(
          staged_events, (dbt_fullstory.event_row_conditions(time_only=true) + lookback) | join(" and "))
          or lower_bound -%}
  {%- endif -%}
  {%- set bounded = ["event_time >= " ~ event_time_bound] if event_time_bound is not none else [] -%}
  {{ return({'conditions': dbt_fullstory.event_row_conditions() + lookback + bounded,
             'event_time_bound': event_time_bound}) }}
{% endmacro %}
