{#-
  The source column as `type`, NULL when a value does not convert (a string
  column holding a bad timestamp keeps its row). A column whose type in
  source_types (from source_column_types) already is `type` passes through
  uncast: filters on a bare column reach the table's storage, and BigQuery
  prunes its partitions on event_time only when it is not wrapped in a cast.
-#}

{% macro typed_column(column, type, source_types={}) %}
  {%- if (source_types.get(column | lower, '') | lower | trim) == (type | lower | trim) -%}
    {{- return(column) -}}
  {%- endif -%}
  {{- return(adapter.dispatch('typed_column', 'dbt_fullstory')(column, type)) -}}
{% endmacro %}

{% macro default__typed_column(column, type) %}
  {{- dbt.safe_cast(column, type) -}}
{% endmacro %}

{% macro snowflake__typed_column(column, type) %}
  {#- Snowflake's try_cast accepts only string input, and FullStory's
      Snowflake table already has the documented types (TIMESTAMP_NTZ,
      NUMBER, VARCHAR), so a plain cast cannot fail on it. -#}
  {#- TIMESTAMP follows the account's TIMESTAMP_TYPE_MAPPING (LTZ would read
      FullStory's UTC wall clock as local time): pin NTZ. -#}
  cast({{ column }} as {{ 'timestamp_ntz' if type | lower == 'timestamp' else type }})
{%- endmacro %}
