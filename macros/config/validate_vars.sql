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

  {%- set event_types = var('fullstory_event_types') -%}
  {%- if event_types is string or event_types is mapping or event_types is not iterable -%}
    {{ dbt_fullstory.var_error('fullstory_event_types', event_types, 'a list of event type names') }}
  {%- endif -%}
  {%- for event_type in event_types -%}
    {%- if event_type is not string or not modules.re.match(identifier, event_type) -%}
      {{ dbt_fullstory.var_error('fullstory_event_types', event_type,
           'an event type that is a safe identifier (letters, digits, underscores)') }}
    {%- elif event_type != event_type | lower -%}
      {{ dbt_fullstory.var_error('fullstory_event_types', event_type,
           'an event type in lower case, as FullStory writes them (' ~ event_type | lower ~ ', not '
           ~ event_type ~ '): the types are matched exactly, and this one would count nothing') }}
    {%- endif -%}
  {%- endfor -%}
  {%- if event_types | map('lower') | unique | list | length != event_types | length -%}
    {{ dbt_fullstory.var_error('fullstory_event_types', event_types, 'a list without repeated types') }}
  {%- endif -%}
  {%- for event_type in event_types if event_type in dbt_fullstory.source_types() -%}
    {#- total_<type>_events of sessions and users: the per-source totals already have these names -#}
    {{ dbt_fullstory.var_error('fullstory_event_types', event_type,
         'an event type whose column is its own: total_' ~ event_type ~ '_events of sessions and users already'
         ~ ' counts the events whose source_type is ' ~ event_type ~ '. FullStory has no event type of that name') }}
  {%- endfor -%}

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
  {%- elif python_version is not string or not modules.re.match('^3\.[0-9]{1,2}$', python_version) -%}
    {{ dbt_fullstory.var_error('fullstory_snowpark_python_version', python_version,
         'a Python version such as "3.11" (in quotes)') }}
  {%- endif -%}

  {%- set memory_limit = var('fullstory_duckdb_memory_limit', none) -%}
  {%- if memory_limit is not none and (memory_limit is not string
        or not modules.re.match('(?i)^[0-9]+(\.[0-9]+)?\s*[KMGT]i?B$', memory_limit | trim)) -%}
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

{% macro var_error(name, value, expected) %}
  {{- exceptions.raise_compiler_error(
        "dbt_fullstory: var '" ~ name ~ "' has the value " ~ (value | tojson)
        ~ ", which is not " ~ expected ~ ". Set it in your dbt_project.yml vars.") -}}
{% endmacro %}

{% macro min_event_time() %}
  {#- The fullstory_min_event_time var as a datetime; a date or an ISO date and time. -#}
  {%- set raw = var('fullstory_min_event_time') -%}
  {%- set text = (raw | string) | trim -%}
  {%- for fmt in ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S'] -%}
    {%- set parsed = dbt_fullstory.try_strptime(text, fmt) -%}
    {%- if parsed is not none -%}{{ return(parsed) }}{%- endif -%}
  {%- endfor -%}
  {{ dbt_fullstory.var_error('fullstory_min_event_time', raw, 'a date such as 2000-01-01') }}
{% endmacro %}

{% macro try_strptime(text, fmt) %}
  {#- Jinja has no try/except: check the shape first, then parse. -#}
  {%- set shapes = {
        '%Y-%m-%d': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
        '%Y-%m-%d %H:%M:%S': '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$',
        '%Y-%m-%dT%H:%M:%S': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'} -%}
  {%- if not modules.re.match(shapes[fmt], text) -%}{{ return(none) }}{%- endif -%}
  {%- set parts = modules.re.split('[-T :]', text) | map('int') | list -%}
  {%- if parts[1] < 1 or parts[1] > 12 or parts[2] < 1 or parts[2] > 31
        or (parts | length > 3 and (parts[3] > 23 or parts[4] > 59 or parts[5] > 59)) -%}
    {{ return(none) }}
  {%- endif -%}
  {%- set month_days = [31, 29 if (parts[0] % 4 == 0 and (parts[0] % 100 != 0 or parts[0] % 400 == 0)) else 28,
                        31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
  {%- if parts[2] > month_days[parts[1] - 1] -%}{{ return(none) }}{%- endif -%}
  {{ return(modules.datetime.datetime.strptime(text, fmt)) }}
{% endmacro %}

{% macro incremental_interval_seconds() %}
  {#- fullstory_incremental_interval as a number of seconds (interval_seconds) -#}
  {{ return(dbt_fullstory.interval_seconds('fullstory_incremental_interval')) }}
{% endmacro %}

{% macro max_lateness_seconds() %}
  {#- fullstory_max_lateness as a number of seconds; none (the default): no bound -#}
  {%- if var('fullstory_max_lateness', none) is none -%}{{ return(none) }}{%- endif -%}
  {{ return(dbt_fullstory.interval_seconds('fullstory_max_lateness')) }}
{% endmacro %}

{% macro interval_seconds(name) %}
  {#-
    The var `name`, an interval, as a number of seconds. Accepts a SQL
    interval (INTERVAL 7 DAY, INTERVAL '12' HOUR, interval '3 days') or a
    plain number of days (7, "7", 1.5), of at most ten years: a longer one
    parsed, then failed an incremental run with a date out of range.
  -#}
  {%- set raw = var(name) -%}
  {%- set units = {'second': 1, 'minute': 60, 'hour': 3600, 'day': 86400, 'week': 604800} -%}
  {%- set longest = dbt_fullstory.longest_interval_days() -%}
  {%- set expected = 'an interval such as INTERVAL 7 DAY or a number of days, of at most ' ~ longest
        ~ ' days (ten years reach back before any FullStory data)' -%}
  {%- if raw is number and raw is not boolean and raw >= 0 -%}
    {%- set seconds = (raw * 86400) | int -%}
  {%- else -%}
    {%- set match = modules.re.match(
          "^\s*(?:interval\s+)?'?\s*([0-9]+)\s*'?\s*(?:(second|minute|hour|day|week)s?)?\s*'?\s*$",
          (raw | string) | lower) if raw is string else none -%}
    {%- if match is none -%}{{ dbt_fullstory.var_error(name, raw, expected) }}{%- endif -%}
    {%- set seconds = (match.group(1) | int) * units[match.group(2) or 'day'] -%}
  {%- endif -%}
  {%- if seconds > longest * 86400 -%}{{ dbt_fullstory.var_error(name, raw, expected) }}{%- endif -%}
  {{ return(seconds) }}
{% endmacro %}

{% macro longest_interval_days() %}
  {#- the longest fullstory_incremental_interval and fullstory_max_lateness: both go back from the
      newest updated_time, and twice this stays well inside every engine's dates -#}
  {{- return(3650) -}}
{% endmacro %}

{% macro source_types() %}
  {#- FullStory's source_type values; sessions and users count events per source_type as total_<source type>_events -#}
  {{- return(['web', 'mobile_app', 'server']) -}}
{% endmacro %}

{% macro python_model_adapters() %}
  {#- where the sessions and users Python models run (dbt_project.yml enables them only there) -#}
  {{- return(['duckdb', 'snowflake', 'bigquery']) -}}
{% endmacro %}

{% macro conversions() %}
  {#-
    fullstory_conversions checked and normalized: a list of
    {name, event_type?, event_name?, event_definition_id?} with the name in
    lower case (it names columns) and the values as text; event_name without
    event_type means a custom event. The sessions and users models count the
    events whose given fields all equal these.
  -#}
  {%- set raw = var('fullstory_conversions', none) -%}
  {%- set raw = [] if raw is none else raw -%}
  {%- set fields = ['event_type', 'event_name', 'event_definition_id'] -%}
  {%- if raw is string or raw is mapping or raw is not iterable -%}
    {{ dbt_fullstory.var_error('fullstory_conversions', raw,
         'a list of conversions such as [{name: purchase, event_name: Order Completed}]') }}
  {%- endif -%}
  {%- set normalized = [] -%}
  {%- for conversion in raw -%}
    {%- if conversion is not mapping -%}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion: a mapping such as {name: purchase, event_name: Order Completed}') }}
    {%- endif -%}
    {%- set unknown = conversion.keys() | reject('in', ['name'] + fields) | list -%}
    {%- if unknown -%}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion with only the keys name, ' ~ fields | join(', ') ~ ' (unknown: ' ~ unknown | join(', ') ~ ')') }}
    {%- endif -%}
    {%- set name = conversion.get('name') -%}
    {%- if name is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', name) -%}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion whose name is an identifier (letters, digits, underscores; it names the columns total_<name>_conversions)') }}
    {%- endif -%}
    {%- if name | lower == 'seen' -%}
      {#- users.first_<name>_time would be users' own first_seen_time -#}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion whose columns are its own (first_seen_time is already a column of users)') }}
    {%- endif -%}
    {%- set given = {} -%}
    {%- for field in fields if conversion.get(field) is not none -%}
      {%- set value = conversion[field] -%}
      {%- if value is mapping or value is boolean or (value is not string and value is not number)
            or (value | string) == '' -%}
        {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
             'a conversion whose ' ~ field ~ ' is a non-empty text') }}
      {%- endif -%}
      {%- do given.update({field: value | string}) -%}
    {%- endfor -%}
    {%- if not given -%}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion with at least one of ' ~ fields | join(', ')) }}
    {%- endif -%}
    {%- if 'event_type' in given and not modules.re.match('^[a-z][a-z0-9_]*$', given['event_type']) -%}
      {#- FullStory writes event types in lower case: Click would count no click -#}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion whose event_type is an event type in lower case, such as click') }}
    {%- endif -%}
    {%- if 'event_name' in given and 'event_type' not in given -%}
      {%- do given.update({'event_type': 'custom'}) -%}
    {%- endif -%}
    {%- if name | lower in normalized | map(attribute='name') | list -%}
      {{ dbt_fullstory.var_error('fullstory_conversions', raw,
           'a list of conversions with distinct names (' ~ name | lower ~ ' is there twice; names ignore case)') }}
    {%- endif -%}
    {%- set entry = {'name': name | lower} -%}
    {%- for field in fields if field in given -%}
      {%- do entry.update({field: given[field]}) -%}
    {%- endfor -%}
    {%- do normalized.append(entry) -%}
  {%- endfor -%}
  {{- return(normalized) -}}
{% endmacro %}
