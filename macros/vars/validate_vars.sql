{#-
  Checks every package var and stops with a message naming the var and its
  value. Called from the staging model's body outside `execute`, so it runs
  while dbt parses the project: before any SQL reaches the warehouse.
-#}

{% macro validate_vars() %}
  {%- set identifier = '^[A-Za-z_][A-Za-z0-9_]*$' -%}

  {%- if target.type not in dbt_fullstory.python_model_adapters() -%}
    {%- do log("dbt_fullstory: the sessions and users models are dbt Python models, which run on "
         ~ dbt_fullstory.python_model_adapters() | join(', ') ~ " but not on " ~ target.type
         ~ "; they are disabled, and events is built alone.", info=true) -%}
  {%- endif -%}

  {%- do dbt_fullstory.validate_event_types() -%}

  {%- for name in ['fullstory_sessions_model_name', 'fullstory_users_model_name', 'fullstory_pages_model_name'] -%}
    {%- set value = var(name) -%}
    {%- if value is not string or not modules.re.match(identifier, value) -%}
      {{ dbt_fullstory.var_error(name, value, 'a relation name (letters, digits, underscores)') }}
    {%- endif -%}
  {%- endfor -%}

  {%- set host = var('fullstory_replay_host') -%}
  {%- if host is not string or not modules.re.match('^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?$', host) -%}
    {{ dbt_fullstory.var_error('fullstory_replay_host', host, 'a host name such as app.fullstory.com') }}
  {%- endif -%}

  {%- set org_id = var('fullstory_org_id', none) -%}
  {%- if org_id is not none
        and (org_id is not string or not modules.re.match('^[A-Za-z0-9][A-Za-z0-9_-]*$', org_id)) -%}
    {{ dbt_fullstory.var_error('fullstory_org_id', org_id, 'an org id such as o-123-na1 (letters, digits, - and _)') }}
  {%- endif -%}

  {%- for name in ['fullstory_allow_full_refresh', 'fullstory_count_dropped_rows', 'fullstory_reconcile_events',
                   'fullstory_definitions'] -%}
    {#- sameas: 1 == true in Jinja, and a 1 would pass here while `is sameas true` elsewhere reads it as false -#}
    {%- if not (var(name, true) is sameas true or var(name, true) is sameas false) -%}
      {{ dbt_fullstory.var_error(name, var(name), 'true or false') }}
    {%- endif -%}
  {%- endfor -%}

  {%- set source_format = var('fullstory_source_format', none) -%}
  {%- if source_format is not none and source_format not in ['table', 'export'] -%}
    {{ dbt_fullstory.var_error('fullstory_source_format', source_format,
         "table (FullStory's warehouse table) or export (the Parquet export's types)") }}
  {%- endif -%}
  {%- set export_path = var('fullstory_export_path', none) -%}
  {%- if export_path is not none -%}
    {#- quotes and braces would break the SQL; * ? [ ] are glob characters: the files would not be found -#}
    {%- if export_path is not string or not export_path | trim or modules.re.search("['{}$*?\\[\\]]", export_path) -%}
      {{ dbt_fullstory.var_error('fullstory_export_path', export_path,
           "a folder or bucket path such as s3://my-bucket/fullstory_o-123-na1 (without quotes, braces or"
           ~ " the glob characters * ? [ ])") }}
    {%- elif target.type != 'duckdb' -%}
      {{ dbt_fullstory.var_error('fullstory_export_path', export_path,
           "set on " ~ target.type ~ ": the package reads the export's files in place on DuckDB only. Make an"
           ~ " external table over them, name it with fullstory_events_schema and fullstory_events_table, and set"
           ~ " fullstory_source_format: export (docs/export.md shows the DDL)") }}
    {%- elif source_format == 'table' -%}
      {{ dbt_fullstory.var_error('fullstory_source_format', source_format,
           "table together with fullstory_export_path: the export's files have the export's types") }}
    {%- endif -%}
  {%- endif -%}

  {%- set submission = var('fullstory_dataproc_submission_method', none) -%}
  {%- if submission is not none and submission not in ['serverless', 'cluster'] -%}
    {{ dbt_fullstory.var_error('fullstory_dataproc_submission_method', submission, 'serverless or cluster') }}
  {%- endif -%}

  {%- set python_version = var('fullstory_snowpark_python_version') -%}
  {%- if python_version is number -%}
    {{ dbt_fullstory.var_error('fullstory_snowpark_python_version', python_version,
         'a Python version in quotes: in YAML an unquoted 3.10 is the number 3.1, so write "3.10"') }}
  {%- elif python_version is not string or not modules.re.match('^3\\.[0-9]{1,2}$', python_version) -%}
    {{ dbt_fullstory.var_error('fullstory_snowpark_python_version', python_version,
         'a Python version such as "3.11" (in quotes)') }}
  {%- endif -%}

  {%- set memory_limit = var('fullstory_duckdb_memory_limit', none) -%}
  {%- if memory_limit is not none and (memory_limit is not string
        or not modules.re.match('(?i)^[0-9]+(\\.[0-9]+)?\\s*[KMGT]i?B$', memory_limit | trim)) -%}
    {{ dbt_fullstory.var_error('fullstory_duckdb_memory_limit', memory_limit, 'a size such as 4GB or 3.5GiB') }}
  {%- endif -%}
  {%- set threads = var('fullstory_duckdb_threads', none) -%}
  {%- if threads is not none
        and (threads is not number or threads is boolean or threads < 1 or threads != threads | int) -%}
    {{ dbt_fullstory.var_error('fullstory_duckdb_threads', threads, 'a whole number of threads, 1 or more') }}
  {%- endif -%}

  {%- set timezone = var('fullstory_timezone', 'UTC') -%}
  {%- if timezone is not string or timezone not in modules.pytz.all_timezones_set -%}
    {{ dbt_fullstory.var_error('fullstory_timezone', timezone,
         'an IANA time zone name such as UTC, Europe/Berlin or America/New_York') }}
  {%- endif -%}
  {%- do dbt_fullstory.conversions() -%}

  {%- do dbt_fullstory.min_event_time() -%}
  {%- do dbt_fullstory.incremental_interval_seconds() -%}
  {%- do dbt_fullstory.max_lateness_seconds() -%}

  {%- for name in ['fullstory_events_database', 'fullstory_events_schema', 'fullstory_events_table',
                   'fullstory_definitions_schema'] -%}
    {%- set value = var(name, none) -%}
    {%- if value is not none and (value is not string or not modules.re.match('^[A-Za-z0-9_$-]+$', value)) -%}
      {{ dbt_fullstory.var_error(name, value, 'a plain database, schema or table name') }}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}
