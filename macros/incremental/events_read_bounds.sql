{#-
  What a run of events reads of the staged source rows: events (event_row_conditions),
  and on an incremental run the rows synced within fullstory_incremental_interval
  of the newest one stored, bounded on event_time too so that warehouses prune;
  of the export (fullstory_export_path), only the partitions ingested since.
-#}

{% macro events_read_bounds(staged_events) %}
  {#- A dict: `relation` (what to select from: staged_events, or on an
      incremental run over the export the staged rows of its recent partitions),
      `conditions` (SQL, to join with "and") and `event_time_bound`
      (a timestamp literal, or none: no bound on a full build).

      The earliest event_time among the re-read rows, found first by a query
      on three timestamp columns (the time conditions only: a row without
      event_id or event_type can only widen the range), bounds the run's
      reads: BigQuery then scans only the event_time partitions that hold
      re-read rows, of the source and of the stored events. With no re-read
      row any bound selects nothing: the lower bound on updated_time stands
      in. An ephemeral staging model (a user's override) cannot be queried on
      its own: no bound then, but for fullstory_max_lateness's. -#}
  {%- set lower_value = dbt_fullstory.incremental_lower_bound_value(this) if is_incremental() else none -%}
  {%- if lower_value is none -%}
    {{ return({'relation': dbt_fullstory.all_staged_events(staged_events),
               'conditions': dbt_fullstory.event_row_conditions(), 'event_time_bound': none}) }}
  {%- endif -%}
  {%- set lower_bound = dbt_fullstory.timestamp_literal(lower_value) -%}
  {#- a lowered fullstory_min_event_time: the synced rows between it and the one events was loaded
      with, which no run read, are read too (every file of the export: its partitions are by ingestion) -#}
  {%- set loaded_from = dbt_fullstory.recorded_min_event_time() -%}
  {%- set lowered = loaded_from is not none and dbt_fullstory.min_event_time() < loaded_from -%}
  {%- set relation = staged_events -%}
  {%- if var('fullstory_export_path', none) is not none -%}
    {#- not the staging view: it may be left from another run; the files since the bound, staged here -#}
    {%- set relation = dbt_fullstory.all_staged_events(staged_events) if lowered else "(\n"
          ~ dbt_fullstory.staged_events(dbt_fullstory.export_events_relation(lower_value)) ~ "\n) as staged_events" -%}
  {%- endif -%}
  {%- set lookback = ["updated_time >= " ~ lower_bound] -%}
  {%- set lateness = dbt_fullstory.lateness_bound(lower_value) -%}
  {%- if lateness is not none -%}
    {#- fullstory_max_lateness: a literal bound on event_time from the start, so
        that the query below prunes too; later rows wait for a full refresh,
        and fullstory_missing_events counts them -#}
    {%- do lookback.append("event_time >= " ~ dbt_fullstory.timestamp_literal(lateness)) -%}
  {%- endif -%}
  {%- if lowered -%}
    {%- set lookback = ["((" ~ lookback | join(" and ") ~ ") or event_time < "
          ~ dbt_fullstory.timestamp_literal(loaded_from) ~ ")"] -%}
  {%- endif -%}
  {%- set event_time_bound = none -%}
  {%- if relation is string or not relation.is_cte -%}
    {%- set event_time_bound = dbt_fullstory.incremental_event_time_bound(
          relation, (dbt_fullstory.event_row_conditions(time_only=true) + lookback) | join(" and "))
          or lower_bound -%}
  {%- elif lateness is not none and not lowered -%}
    {%- set event_time_bound = dbt_fullstory.timestamp_literal(lateness) -%}
  {%- endif -%}
  {%- set bounded = ["event_time >= " ~ event_time_bound] if event_time_bound is not none else [] -%}
  {{ return({'relation': relation, 'conditions': dbt_fullstory.event_row_conditions() + lookback + bounded,
             'event_time_bound': event_time_bound}) }}
{% endmacro %}

{% macro lateness_bound(lower_bound) %}
  {#- The earliest event_time an incremental run reads with fullstory_max_lateness
      set: that far before its lookback bound (a naive UTC datetime); none when
      the var is not set or there is no bound. -#}
  {%- set seconds = dbt_fullstory.max_lateness_seconds() -%}
  {%- if seconds is none or lower_bound is none -%}{{ return(none) }}{%- endif -%}
  {{ return(lower_bound - modules.datetime.timedelta(seconds=seconds)) }}
{% endmacro %}
