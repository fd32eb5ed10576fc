{#- A SQL string literal of any text: quotes and backslashes kept as they are. -#}

{% macro text_literal(text) %}
  {#- none: NULL -#}
  {%- if text is none -%}{{ return('null') }}{%- endif -%}
  {{- return(adapter.dispatch('text_literal', 'dbt_fullstory')(text | string)) -}}
{% endmacro %}

{% macro default__text_literal(text) %}
  {#- Snowflake and BigQuery read a backslash in a literal as an escape -#}
  {{- return("'" ~ text.replace('\\', '\\\\').replace("'", "\\'") ~ "'") -}}
{% endmacro %}

{% macro duckdb__text_literal(text) %}
  {#- standard SQL: a quote doubled, a backslash as itself -#}
  {{- return("'" ~ text.replace("'", "''") ~ "'") -}}
{% endmacro %}
