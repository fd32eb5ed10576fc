{#-
  The column as the warehouse's JSON type, or NULL when it is not valid JSON.
  FullStory syncs payloads as JSON/VARIANT or as strings holding JSON (older
  syncs); a malformed string must give NULL, never fail the run.
  `data_type` is the source column's type as the warehouse reports it (see
  source_column_types): a column already of the JSON type is used as it is,
  without a costly re-parse; none means unknown and parses a string.
-#}

{% macro safe_json(column, data_type=none) %}
  {{- return(adapter.dispatch('safe_json', 'dbt_fullstory')(column, data_type)) -}}
{% endmacro %}

{% macro default__safe_json(column, data_type=none) %}
  try_parse_json(cast({{ column }} as {{ dbt.type_string() }}))
{%- endmacro %}

{% macro duckdb__safe_json(column, data_type=none) %}
  {%- if data_type is not none and data_type | lower == 'json' -%}
    {{ column }}
  {%- else -%}
    case when json_valid({{ column }}) then cast({{ column }} as json) end
  {%- endif -%}
{%- endmacro %}

{% macro snowflake__safe_json(column, data_type=none) %}
  {%- if data_type is not none and data_type | lower == 'variant' -%}
    {{ column }}
  {%- else -%}
    {#- to_varchar: try_parse_json takes only strings, and an unknown type may be VARIANT -#}
    try_parse_json(to_varchar({{ column }}))
  {%- endif -%}
{%- endmacro %}

{% macro bigquery__safe_json(column, data_type=none) %}
  {%- if data_type is not none and data_type | lower == 'json' -%}
    {{ column }}
  {%- else -%}
    {#- wide_number_mode 'round': a number float64 cannot hold exactly (a
        large id) is rounded, where the default 'exact' fails the whole parse
        and leaves the payload NULL -#}
    safe.parse_json({{ column }}, wide_number_mode => 'round')
  {%- endif -%}
{%- endmacro %}

{% macro source_column_types(relation) %}
  {#- {lower-case column name: lower-case data type} of a relation; empty
      while parsing or when the relation is not there (unit tests). -#}
  {%- set types = {} -%}
  {%- if execute and (relation is string or (relation.external is defined and relation.external)) -%}
    {#- DuckDB reading files in place (the export, a read_parquet() call): the catalog does not know them -#}
    {%- for row in run_query('describe select * from ' ~ relation) -%}
      {%- do types.update({row['column_name'] | lower: row['column_type'] | lower}) -%}
    {%- endfor -%}
  {%- elif execute -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
      {%- do types.update({column.name | lower: column.data_type | lower}) -%}
    {%- endfor -%}
  {%- endif -%}
  {{- return(types) -}}
{% endmacro %}
