{#-
  A scalar at a dotted path ('url.full_url') of a JSON value made by
  safe_json(), as a string; NULL when the path is missing or the value is
  of another shape (an array where an object was expected).
-#}

{% macro json_string(json, path) %}
  {{- return(adapter.dispatch('json_string', 'dbt_fullstory')(json, path)) -}}
{% endmacro %}

{% macro default__json_string(json, path) %}
  json_value({{ json }}, '$.{{ path }}')
{%- endmacro %}

{% macro duckdb__json_string(json, path) %}
  json_extract_string({{ json }}, '$.{{ path }}')
{%- endmacro %}

{% macro snowflake__json_string(json, path) %}
  {#- `::varchar` (not to_varchar) gives a JSON string without its quotes -#}
  get_path({{ json }}, '{{ path }}')::varchar
{%- endmacro %}

{% macro json_boolean(json, path) %}
  {#- true/false at the path (a JSON boolean, or a string spelling it); anything else is NULL -#}
  case lower({{ dbt_fullstory.json_string(json, path) }})
    when 'true' then true
    when 'false' then false
  end
{%- endmacro %}
