{#-
  Checks the synced table once, before staging reads it: every column the
  package reads is there, with a type it can read. Without this a missing
  column surfaced as the warehouse's binder error deep in compiled SQL, and
  a column of another type as a cast that made every value NULL.
  source_types: from source_column_types(); empty while parsing, in unit
  tests (their rows stand in for the table), or when the table is missing.
-#}

{% macro source_column_families(source_format='table') %}
  {#- What each column may be: type families, matched on the type's name
      without its size. The export's updated_time is epoch milliseconds. -#}
  {{- return({
        'event_id': ['string'],
        'event_time': ['timestamp', 'string'],
        'processed_time': ['timestamp', 'string'],
        'updated_time': ['integer'] if source_format == 'export' else ['timestamp', 'string'],
        'device_id': ['integer', 'string'],
        'session_id': ['integer', 'string'],
        'view_id': ['integer', 'string'],
        'event_type': ['string'],
        'source_type': ['string'],
        'event_properties': ['json', 'string'],
        'source_properties': ['json', 'string']}) -}}
{% endmacro %}

{% macro type_family(data_type) %}
  {#- The family of a type name as DuckDB, Snowflake or BigQuery report it; none if unknown. -#}
  {%- set name = modules.re.split('[ (<]', data_type | lower | trim)[0] -%}
  {%- set families = {
        'string': ['varchar', 'string', 'text', 'char', 'character', 'nvarchar', 'bpchar'],
        'timestamp': ['timestamp', 'timestamp_ntz', 'timestamp_ltz', 'timestamp_tz', 'timestamptz',
                      'timestamp_ns', 'timestamp_ms', 'timestamp_s', 'datetime'],
        'integer': ['bigint', 'int', 'integer', 'int64', 'int8', 'int4', 'smallint', 'tinyint', 'hugeint',
                    'ubigint', 'uinteger', 'number', 'numeric', 'decimal', 'bignumeric'],
        'json': ['json', 'variant', 'object']} -%}
  {%- for family, names in families.items() if name in names -%}
    {{- return(family) -}}
  {%- endfor -%}
  {{- return(none) -}}
{% endmacro %}

{% macro check_source_columns(relation, source_types) %}
  {%- if not execute or model.resource_type == 'unit_test' -%}{{ return('') }}{%- endif -%}
  {%- if not source_types -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: the synced events table " ~ relation ~ " is not there (or has no columns). Point the"
         ~ " vars fullstory_events_database, fullstory_events_schema and fullstory_events_table at the table"
         ~ " FullStory syncs to, and check that dbt's user can read it.") }}
  {%- endif -%}
  {%- set problems = [] -%}
  {%- set source_format = dbt_fullstory.source_format() -%}
  {%- for column, allowed in dbt_fullstory.source_column_families(source_format).items() -%}
    {%- if column not in source_types -%}
      {%- do problems.append("it has no column " ~ column) -%}
    {%- elif dbt_fullstory.type_family(source_types[column]) not in allowed -%}
      {%- do problems.append("its column " ~ column ~ " is " ~ (source_types[column] | upper)
            ~ ", not " ~ (allowed | join(' or ')) ~ " as FullStory "
            ~ ("exports it (fullstory_source_format: export)" if source_format == 'export'
               else "syncs it (fullstory_source_format: table)")) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if problems -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: the synced events table " ~ relation ~ " cannot be read: " ~ (problems | join('; '))
         ~ ". Point the vars fullstory_events_schema and fullstory_events_table at FullStory's events table,"
         ~ " or make a view over yours with FullStory's columns and types.") }}
  {%- endif -%}
  {{- return('') -}}
{% endmacro %}

{% macro check_export_files(patterns, lower_bound=none) %}
  {#- The globs of patterns that match a file, after three checks (fullstory_export_path):
      stops, naming the var and the path, when none matches (a root without
      events/, a typo; on an incremental run, the partitions since lower_bound
      gone); naming each file too short to be Parquet; and naming each file and
      column when a file lacks a column or has it in another type than the
      export's, as the read takes it: DuckDB casts each file's values to the
      types of the read, so an int64 event_time would become NULL for a whole
      file, and a Parquet JSON or TIMESTAMP column stops the read on another
      file. Only the files the run reads are checked. -#}
  {%- set path = var('fullstory_export_path', none) -%}
  {%- if not execute or path is none or model.resource_type == 'unit_test' -%}{{ return(patterns) }}{%- endif -%}
  {%- set counts = [] -%}
  {%- for pattern in patterns -%}
    {%- do counts.append("select " ~ loop.index0 ~ " as pattern_index, count(*) as files"
          ~ " from glob('" ~ pattern ~ "')") -%}
  {%- endfor -%}
  {%- set found = [] -%}
  {%- for row in run_query(counts | join(' union all ') ~ ' order by 1') if row[1] > 0 -%}
    {%- do found.append(patterns[row[0]]) -%}
  {%- endfor -%}
  {%- if not found -%}
    {%- set where = dbt_fullstory.export_root() ~ '/events/ingested_time=*/*.parquet' if lower_bound is none
          else dbt_fullstory.export_root() ~ '/events/ingested_time=<' ~ lower_bound.date() ~ ' or later>/*.parquet' -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: var 'fullstory_export_path' is " ~ (path | tojson) ~ ", where no file matches "
         ~ where ~ (". Point it at the export's root, the folder that holds events/ and configuration/"
         ~ " (…/fullstory_<org id>), and check that DuckDB can read it (its credentials, for a bucket)."
         if lower_bound is none else
         ": the partitions that hold the newest events already loaded are gone. Check that the var still"
         ~ " names the export's root, and that no lifecycle rule of the bucket deletes FullStory's files.")) }}
  {%- endif -%}
  {#- a file too short to be Parquet (empty, or cut short as it was written) would stop the read with
      DuckDB's "too small" or "No magic bytes"; the sizes come from the listing, no file is read -#}
  {%- set short = run_query("select filename, size from read_blob(['" ~ found | join("', '") ~ "'])"
        ~ " where size < 12 order by 1 limit 20") -%}
  {%- if short.rows | length > 0 -%}
    {%- set lines = [] -%}
    {%- for row in short.rows -%}{%- do lines.append(row[0] ~ " (" ~ row[1] ~ " bytes)") -%}{%- endfor -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: files of FullStory's export under " ~ (path | tojson) ~ " (var fullstory_export_path)"
         ~ " are too short to be Parquet files (empty, or cut short while being written or copied):\n  "
         ~ lines | join("\n  ") ~ "\nRemove them, or copy them again from the bucket; FullStory writes whole files.") }}
  {%- endif -%}
  {#- The export's columns as its documentation types them, as the read will take them: a string is
      BYTE_ARRAY without another logical type (a Parquet JSON column is read as DuckDB's JSON, and a
      malformed payload of another file then stops the read), an integer INT64 or INT32 (read with
      union_by_name: the widest of the files) without a logical type such as TIMESTAMP. -#}
  {%- set strings = ['event_id', 'event_time', 'processed_time', 'event_type', 'source_type',
                     'event_properties', 'source_properties'] -%}
  {%- set integers = ['updated_time', 'device_id', 'session_id', 'view_id'] -%}
  {%- set wanted = [] -%}
  {%- for name in strings + integers -%}
    {%- do wanted.append("('" ~ name ~ "', " ~ ("'string'" if name in strings else "'integer'") ~ ")") -%}
  {%- endfor -%}
  {%- set problems = run_query(
        "with file_columns as (select file_name, lower(name) as name, type, converted_type, logical_type,"
        ~ " case"
        ~ " when type = 'BYTE_ARRAY' and coalesce(converted_type, 'UTF8') = 'UTF8'"
        ~ " and coalesce(logical_type, 'StringType()') = 'StringType()' then 'string'"
        ~ " when type in ('INT64', 'INT32') and starts_with(coalesce(converted_type, 'INT_'), 'INT_')"
        ~ " and starts_with(coalesce(logical_type, 'IntType'), 'IntType') then 'integer' end as kind"
        ~ " from parquet_schema(['" ~ found | join("', '") ~ "'])),"
        ~ " wanted(name, kind) as (values " ~ wanted | join(', ') ~ ")"
        ~ " select files.file_name, wanted.name,"
        ~ " file_columns.type || case when coalesce(file_columns.converted_type, file_columns.logical_type, 'UTF8')"
        ~ " in ('UTF8', 'StringType()', 'INT_8', 'INT_16', 'INT_32', 'INT_64')"
        ~ " or starts_with(coalesce(file_columns.logical_type, ''), 'IntType') then ''"
        ~ " else ' (' || coalesce(file_columns.converted_type, file_columns.logical_type) || ')' end"
        ~ " from (select distinct file_name from file_columns) as files cross join wanted"
        ~ " left join file_columns on file_columns.file_name = files.file_name and file_columns.name = wanted.name"
        ~ " where file_columns.kind is distinct from wanted.kind"
        ~ " order by 1, 2 limit 20") -%}
  {%- if problems.rows | length > 0 -%}
    {%- set lines = [] -%}
    {%- for row in problems.rows -%}
      {%- do lines.append(row[0] ~ ": " ~ ("no column " ~ row[1] if row[2] is none
            else "column " ~ row[1] ~ " is " ~ row[2] ~ ", not " ~ ("a string" if row[1] in strings
            else "an int64" ~ (" of epoch milliseconds" if row[1] == 'updated_time' else '')))) -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: files of FullStory's export under " ~ (path | tojson) ~ " (var fullstory_export_path)"
         ~ " do not have the export's columns and types:\n  " ~ lines | join("\n  ")
         ~ "\nFullStory writes strings, and int64 ids and epoch milliseconds: point the var at FullStory's own"
         ~ " files, or rewrite these with its types.") }}
  {%- endif -%}
  {{- return(found) -}}
{% endmacro %}
