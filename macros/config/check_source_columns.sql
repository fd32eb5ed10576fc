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
