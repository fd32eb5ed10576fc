{#-
  The source column as `type`, NULL when a value does not convert (a string
  column holding a bad timestamp keeps its row). A column whose type in
  source_types (from source_column_types) already is `type` passes through
  uncast: filters on a bare column reach the table's storage, and BigQuery
  prunes its partitions on event_time only when it is not wrapped in a cast.
  Timestamps come out as UTC wall-clock time whatever the source column's
  type and the session's or the machine's time zone.
-#}

{% macro typed_column(column, type, source_types={}) %}
  {%- set source_type = source_types.get(column | lower, '') | lower | trim -%}
  {%- if source_type == (type | lower | trim) -%}
    {{- return(column) -}}
  {%- endif -%}
  {{- return(adapter.dispatch('typed_column', 'dbt_fullstory')(column, type, source_type)) -}}
{% endmacro %}

{% macro default__typed_column(column, type, source_type='') %}
  {{- dbt.safe_cast(column, type) -}}
{% endmacro %}

{% macro duckdb__typed_column(column, type, source_type='') %}
  {%- if type | lower == 'timestamp' and source_type in ['timestamp with time zone', 'timestamptz'] -%}
    {#- a cast to TIMESTAMP would give wall-clock time in DuckDB's TimeZone
        setting, which is the machine's time zone (TZ) -#}
    timezone('UTC', {{ column }})
  {%- elif type | lower == 'timestamp' and dbt_fullstory.type_family(source_type) == 'string' -%}
    {#- a cast of a string to TIMESTAMP drops an offset (06:00-04:00 became 06:00, not 10:00);
        one to TIMESTAMPTZ reads a time without one in the session's TimeZone: each where it is right -#}
    case when {{ dbt_fullstory.has_utc_offset(column) }}
      then timezone('UTC', try_cast({{ column }} as timestamptz))
      else try_cast({{ column }} as timestamp) end
  {%- else -%}
    {#- try_cast: dbt-duckdb's safe_cast is a plain cast, which stops the build on one bad value -#}
    try_cast({{ column }} as {{ type }})
  {%- endif -%}
{% endmacro %}

{% macro snowflake__typed_column(column, type, source_type='') %}
  {#- Snowflake's try_cast accepts only string input: a string column gets
      it; FullStory's Snowflake table has the documented types (TIMESTAMP_NTZ,
      NUMBER, VARCHAR), and a plain cast of those cannot fail. -#}
  {%- if dbt_fullstory.type_family(source_type) == 'string' and type | lower == 'timestamp' -%}
    {#- a string column (the export's ISO times, a view of the user's): a bad value is NULL, its row
        kept. TIMESTAMP_NTZ drops an offset (06:00-04:00 would be 06:00, not 10:00), TIMESTAMP_TZ reads
        a time without one in the session's TIMEZONE: each where it is right. -#}
    case when {{ dbt_fullstory.has_utc_offset(column) }}
      then convert_timezone('UTC', try_cast({{ column }} as timestamp_tz))::timestamp_ntz
      else try_cast({{ column }} as timestamp_ntz) end
  {%- elif dbt_fullstory.type_family(source_type) == 'string' -%}
    try_cast({{ column }} as {{ type }})
  {%- elif type | lower in ['timestamp', 'timestamp_ntz'] and modules.re.match('^timestamp_(ltz|tz)', source_type) -%}
    {#- An LTZ or TZ column (a table created under TIMESTAMP_TYPE_MAPPING =
        TIMESTAMP_LTZ, or typed so): a cast to NTZ would keep the wall clock
        of the session's TIMEZONE, so convert the instant to UTC first. -#}
    convert_timezone('UTC', {{ column }})::timestamp_ntz
  {%- else -%}
    {#- TIMESTAMP follows the account's TIMESTAMP_TYPE_MAPPING: pin NTZ. -#}
    cast({{ column }} as {{ 'timestamp_ntz' if type | lower == 'timestamp' else type }})
  {%- endif -%}
{%- endmacro %}

{% macro has_utc_offset(column) %}
  {#- whether a time as text ends in an offset from UTC (-04:00, +0530, +01); Z and none mean UTC.
      The whole text must match, so that a date's own -20 is not taken for one. BigQuery's cast reads
      offsets itself and needs none of this. -#}
  {%- set time_then_offset = '.*[0-9]:[0-9]{2}(:[0-9]{2}([.][0-9]*)?)? *[+-][0-9]{2}(:?[0-9]{2})?' -%}
  {{- return(dbt_fullstory.full_match(column, time_then_offset)) -}}
{% endmacro %}
