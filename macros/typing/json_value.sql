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

{% macro json_nonblank_string(json, path) %}
  {#- json_string, NULL for an empty or blank string -#}
  {%- set text = dbt_fullstory.json_string(json, path) -%}
  case when trim({{ text }}) <> '' then {{ text }} end
{%- endmacro %}

{% macro json_whole_number(json, path) %}
  {#-
    A whole number at the path (a JSON integer, or a string of digits) as a
    bigint; anything else (2.7, "lots", -1, null, an object) is NULL. The
    digits are checked before the cast, so no engine's lenient cast (' 3',
    '3.0', '+3') decides. A number beyond 2,147,483,647 (2^31 - 1) is NULL
    on every warehouse, never a cast error (dbt's safe_cast is a plain cast
    on DuckDB, and one 20-digit count stopped every build of events): its
    digits are compared as text, leading zeros left out. No count of clicks
    comes near it, and sums of billions of such counts still fit a bigint.
  -#}
  {%- set text = dbt_fullstory.json_string(json, path) -%}
  {%- set significant = "ltrim(" ~ text ~ ", '0')" -%}
  case when {{ dbt_fullstory.is_digits(text) }}
        and (length({{ significant }}) < 10
             or (length({{ significant }}) = 10 and {{ significant }} <= '2147483647'))
    then {{ dbt.safe_cast(text, dbt.type_bigint()) }} end
{%- endmacro %}

{% macro is_digits(text) %}
  {{- return(dbt_fullstory.full_match(text, '[0-9]+')) -}}
{% endmacro %}

{% macro full_match(text, pattern) %}
  {#- whether the whole text matches the regular expression (no ^ or $ in it), as a condition -#}
  {{- return(adapter.dispatch('full_match', 'dbt_fullstory')(text, pattern)) -}}
{% endmacro %}

{% macro default__full_match(text, pattern) %}
  {#- Snowflake's regexp_like matches the whole text -#}
  regexp_like({{ text }}, '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__full_match(text, pattern) %}
  regexp_full_match({{ text }}, '{{ pattern }}')
{%- endmacro %}

{% macro bigquery__full_match(text, pattern) %}
  regexp_contains({{ text }}, r'^(?:{{ pattern }})$')
{%- endmacro %}
