{#-
  Limits of an incremental run, computed once per run and inlined as
  literals so that warehouses can prune partitions on them.
-#}

{% macro incremental_lower_bound(relation, column='updated_time', report_future=true) %}
  {#- incremental_lower_bound_value as a timestamp literal; none when there is none -#}
  {%- set lower = dbt_fullstory.incremental_lower_bound_value(relation, column, report_future) -%}
  {{ return(dbt_fullstory.timestamp_literal(lower) if lower is not none else none) }}
{% endmacro %}

{% macro incremental_lower_bound_value(relation, column='updated_time', report_future=true, exact=false) %}
  {#- The newest value of column in the relation that is not after the run's
      start, minus fullstory_incremental_interval, as a naive UTC datetime;
      none when there is none or not executing. A value in the future (one
      bad row: 2100) would otherwise move the bound past every row still to
      come, and nothing would load again: such rows are kept, counted, and
      the user told (report_future: false for a second caller in the same
      run), but do not set the bound. None too when the relation is not
      there (a test compiled before events is built; dbt's cache answers).
      exact: skip the first look, for a caller that reads every row anyway
      and needs the bound itself (the reconciliation test's reasons). -#}
  {%- if not execute or load_relation(relation) is none -%}{{ return(none) }}{%- endif -%}
  {%- set started = dbt_fullstory.run_started_utc() -%}
  {%- set now = dbt_fullstory.timestamp_literal(started) -%}
  {#- First only the rows written within one interval before the run's start
      (and any after it) whose event_time is within it too: the latest sync's
      new events, where there are any. The newest updated_time among them is
      at most the newest of all, so the bound is at most the exact one: the
      run re-reads at least what it must (at worst one interval more), and
      the read prunes: BigQuery's event_time partitions, and the row groups
      and micro-partitions (DuckDB, Snowflake) of a table written in time
      order. Only when there is no such row are all the rows read (a future
      updated_time is then counted among all; in the first look only among
      the recent event_times, for the log: the warn test lists them all). -#}
  {%- set interval = modules.datetime.timedelta(seconds=dbt_fullstory.incremental_interval_seconds()) -%}
  {%- set recent = dbt_fullstory.timestamp_literal(started - interval) -%}
  {%- set newest_sql = 'select max(case when ' ~ column ~ ' <= ' ~ now ~ ' then ' ~ column ~ ' end),'
        ~ ' count(case when ' ~ column ~ ' > ' ~ now ~ ' then 1 end),'
        ~ ' count(case when ' ~ column ~ ' <= ' ~ now ~ ' then 1 end) from ' ~ relation -%}
  {%- set result = none if exact else run_query(
        newest_sql ~ ' where ' ~ column ~ ' >= ' ~ recent ~ ' and event_time >= ' ~ recent) -%}
  {#- decided by the count, not by a NULL maximum: some drivers (fakesnow's) return a NULL timestamp as 1970 -#}
  {%- if result is none or result.columns[2].values()[0] | int == 0 -%}
    {%- set result = run_query(newest_sql) -%}
  {%- endif -%}
  {%- set future_rows = result.columns[1].values()[0] | int -%}
  {%- if future_rows > 0 and report_future -%}
    {#- log, not exceptions.warn: dbt shows a warning raised while a model compiles in its log file only -#}
    {%- do log("dbt_fullstory: " ~ future_rows ~ " row(s) of " ~ relation ~ " have a " ~ column
          ~ " after this run's start (" ~ run_started_at ~ "). They are kept as synced, but the incremental"
          ~ " lookback ignores them; the warn test fullstory_future_updated_times lists them.", info=true) -%}
  {%- endif -%}
  {%- set newest = dbt_fullstory.timestamp_value(result.columns[0].values()[0])
        if result.columns[2].values()[0] | int > 0 else none -%}
  {%- if newest is none -%}{{ return(none) }}{%- endif -%}
  {{ return(newest - interval) }}
{% endmacro %}

{% macro run_started_utc() %}
  {#- dbt's run_started_at as a naive UTC datetime -#}
  {%- set started = run_started_at -%}
  {%- if started.tzinfo is not none -%}
    {%- set started = started.astimezone(modules.pytz.utc).replace(tzinfo=none) -%}
  {%- endif -%}
  {{ return(started) }}
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
  {#- The one timestamp a query returns (see timestamp_value); none for NULL. -#}
  {{ return(dbt_fullstory.timestamp_value(run_query(sql).columns[0].values()[0])) }}
{% endmacro %}

{% macro timestamp_value(value) %}
  {#- A timestamp from a query result as a naive UTC datetime (drivers return
      a datetime, an aware one, or ISO text); none for NULL. Python keeps
      microseconds: a Snowflake nanosecond value is rounded down, which only
      widens a lower bound. -#}
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
