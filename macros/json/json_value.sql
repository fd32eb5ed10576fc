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

{% macro json_whole_number(json, path) %}
  {#-
    A whole number at the path (a JSON integer, or a string of digits) as a
    bigint; anything else (2.7, "lots", -1, null, an object) is NULL. The
    digits are checked before the cast, so no engine's lenient cast (' 3',
    '3.0', '+3') decides, and a number too large for a bigint is NULL, not
    an error.
  -#}
  {%- set text = dbt_fullstory.json_string(json, path) -%}
  case when {{ dbt_fullstory.is_digits(text) }} then {{ dbt.safe_cast(text, dbt.type_bigint()) }} end
{%- endmacro %}

{% macro is_digits(text) %}
  {{- return(adapter.dispatch('is_digits', 'dbt_fullstory')(text)) -}}
{% endmacro %}

{% macro default__is_digits(text) %}
  regexp_like({{ text }}, '^[0-9]+$')
{%- endmacro %}

{% macro duckdb__is_digits(text) %}
  regexp_full_match({{ text }}, '[0-9]+')
{%- endmacro %}

{% macro bigquery__is_digits(text) %}
  regexp_contains({{ text }}, r'^[0-9]+$')
{%- endmacro %}
