{#-
  The column as the warehouse's JSON type, or NULL when it is not valid JSON.
  FullStory syncs payloads as JSON/VARIANT or as strings holding JSON (older
  syncs); a malformed string must give NULL, never fail the run.
-#}

{% macro safe_json(column) %}
  {{- return(adapter.dispatch('safe_json', 'dbt_fullstory')(column)) -}}
{% endmacro %}

{% macro default__safe_json(column) %}
  try_parse_json(cast({{ column }} as {{ dbt.type_string() }}))
{%- endmacro %}

{% macro duckdb__safe_json(column) %}
  case when json_valid({{ column }}) then cast({{ column }} as json) end
{%- endmacro %}

{% macro snowflake__safe_json(column) %}
  {#- to_varchar of a VARIANT is its JSON text; of a VARCHAR, the string itself -#}
  try_parse_json(to_varchar({{ column }}))
{%- endmacro %}

{% macro bigquery__safe_json(column) %}
  {#- to_json_string(JSON) is its text; for a STRING column it is a JSON string, which parse_json unwraps -#}
  safe.parse_json(cast({{ column }} as string))
{%- endmacro %}
