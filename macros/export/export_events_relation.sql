{#-
  Which of the export's event files a run reads (fullstory_export_path, DuckDB).

  FullStory writes a new `events/ingested_time=<yyyy-MM-dd HH:mm:ss>/` partition
  every hour, for years. A full build, and the reconciliation tests, read them
  all; an incremental run reads only the partitions ingested since the day
  before its lookback bound's (the newest updated_time loaded, minus
  fullstory_incremental_interval), listed by day prefix
  (`ingested_time=2026-11-22*`), so that a bucket lists and reads what is
  recent, never the whole history. A file re-created in a new partition is
  recent by construction; one re-created in place of a file of its old
  partition is re-read while that partition is inside the window
  (docs/export.md, "Read incrementally" and "Re-created files").
-#}

{% macro export_root() %}
  {#- fullstory_export_path without surrounding blanks or a trailing slash -#}
  {{- return((var('fullstory_export_path') | trim).rstrip('/')) -}}
{% endmacro %}

{% macro export_events_relation(lower_bound=none) %}
  {#- The export's event files as a DuckDB relation (read_parquet), checked
      first (check_export_files): those ingested on or after the day before
      lower_bound's (a naive UTC datetime), or every file when it is none. -#}
  {%- set events_folder = dbt_fullstory.export_root() ~ '/events/' -%}
  {%- set patterns = [events_folder ~ 'ingested_time=*/*.parquet'] if lower_bound is none
        else dbt_fullstory.export_window_patterns(events_folder, lower_bound) -%}
  {%- set patterns = dbt_fullstory.check_export_files(patterns, lower_bound) -%}
  {{- return("read_parquet(['" ~ patterns | join("', '") ~ "'], " ~ dbt_fullstory.export_read_options() ~ ")") -}}
{% endmacro %}

{% macro export_read_options() %}
  {#- How every read of the export's event files reads them (the source's external_location in
      _fullstory__sources.yml repeats it: YAML cannot call a macro). union_by_name: the types of
      all the files, not of the first alone, whose int32 ids failed on a later file's int64;
      ingested_time, the partition, as its name (check_export_files, fullstory_missing_events). -#}
  {{- return("hive_partitioning = true, union_by_name = true, hive_types = {'ingested_time': 'VARCHAR'}") -}}
{% endmacro %}

{% macro all_staged_events(staged_events, passthrough=[]) %}
  {#- What reads every synced row (a full build of events, the reconciliation
      tests) selects from: staged_events, or with fullstory_export_path every
      file of the export, staged here. Not the staging view: after an
      incremental run it holds only that run's partitions, and a full refresh
      of events alone, or a test, would read a window as the whole. -#}
  {#- a unit test gives its rows as the staged events -#}
  {%- if var('fullstory_export_path', none) is none or not execute or model.resource_type == 'unit_test' -%}
    {{ return(staged_events) }}
  {%- endif -%}
  {#- passthrough: columns of the files carried as they are (staged_events) -#}
  {{- return("(\n" ~ dbt_fullstory.staged_events(dbt_fullstory.export_events_relation(), passthrough)
             ~ "\n) as staged_events") -}}
{% endmacro %}

{% macro export_window_patterns(events_folder, lower_bound) %}
  {#- Globs of the partitions ingested on or after the day before lower_bound's
      (a naive UTC datetime; a margin for a partition dated a little before
      the rows it holds were stamped), through the day after this run's start:
      one per day in the first and last month, one per month between, so that
      a long pause adds a few globs, not one per day; each date as FullStory
      writes it (2026-10-21 01:00:00) and in ISO 8601's basic form
      (20261021T010000Z). Each glob lists only its own prefix of a bucket. A
      partition named otherwise is read by full builds only, and
      fullstory_missing_events names it. -#}
  {%- set first = (lower_bound - modules.datetime.timedelta(days=1)).date() -%}
  {%- set last = (dbt_fullstory.run_started_utc() + modules.datetime.timedelta(days=1)).date() -%}
  {%- set prefixes = [] -%}
  {%- set day = namespace(value=first) -%}
  {%- for _ in range((last - first).days + 1) if day.value <= last -%}
    {%- set month_start = day.value.replace(day=1) -%}
    {%- set next_month = (month_start + modules.datetime.timedelta(days=32)).replace(day=1) -%}
    {%- if day.value == month_start and next_month <= last -%}
      {#- a whole month inside the window: one glob -#}
      {%- do prefixes.append(day.value.strftime('%Y-%m-')) -%}
      {%- set day.value = next_month -%}
    {%- else -%}
      {%- do prefixes.append(day.value.strftime('%Y-%m-%d')) -%}
      {%- set day.value = day.value + modules.datetime.timedelta(days=1) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- set patterns = [] -%}
  {%- for prefix in prefixes -%}
    {%- do patterns.append(events_folder ~ 'ingested_time=' ~ prefix ~ '*/*.parquet') -%}
    {#- the same dates in ISO 8601's basic form (20261021T010000Z), which partitions named so take -#}
    {%- do patterns.append(events_folder ~ 'ingested_time=' ~ prefix | replace('-', '') ~ '*/*.parquet') -%}
  {%- endfor -%}
  {{- return(patterns) -}}
{% endmacro %}

{% macro events_source_relation(events_source) %}
  {#- What staging reads: the source; with fullstory_export_path, its files
      checked, or only those that this invocation's run of events reads (see
      export_read_bound). -#}
  {%- if not execute or model.resource_type == 'unit_test' -%}
    {{- return(events_source) -}}
  {%- endif -%}
  {%- if var('fullstory_export_path', none) is none -%}
    {{- return(dbt_fullstory.view_source(events_source)) -}}
  {%- endif -%}
  {%- set lower_bound = dbt_fullstory.export_read_bound() -%}
  {%- if lower_bound is none -%}
    {#- every file, checked as export_events_relation checks them, read through the source (sources.yml) -#}
    {%- do dbt_fullstory.export_events_relation() -%}
    {{- return(events_source) -}}
  {%- endif -%}
  {{- return(dbt_fullstory.export_events_relation(lower_bound)) -}}
{% endmacro %}

{% macro export_read_bound() %}
  {#- For staging (a view users may query): the lookback bound of the run
      of events in this invocation, as a naive UTC datetime; none, every file,
      when events is not selected, not built yet, or rebuilt (--full-refresh,
      allowed by fullstory_allow_full_refresh). events computes its own bound:
      a staging view left from an earlier run never decides what it reads. -#}
  {%- set events_nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('package_name', 'equalto', 'dbt_fullstory') | selectattr('name', 'equalto', 'events') | list -%}
  {%- if not events_nodes or events_nodes[0].unique_id not in (selected_resources or []) -%}
    {{- return(none) -}}
  {%- endif -%}
  {%- if flags.FULL_REFRESH and var('fullstory_allow_full_refresh') -%}{{ return(none) }}{%- endif -%}
  {%- set node = events_nodes[0] -%}
  {%- set events = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
  {#- report_future: events itself logs rows dated after the run's start -#}
  {{- return(dbt_fullstory.incremental_lower_bound_value(events, report_future=false)) -}}
{% endmacro %}
