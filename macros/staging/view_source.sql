{#-
  A source relation as a staging view reads it. On DuckDB 2.0, a view that
  names catalog.schema.table where the catalog and the schema have one name
  (a database file fullstory.duckdb holding schema fullstory) fails to
  create: "Ambiguous reference to catalog or schema", although the name is
  fully qualified and a plain SELECT takes it. There the view reads the
  table through query_table(), which binds the same table when queried;
  every other relation is rendered as it is.
-#}

{% macro view_source(relation) %}
  {{- return(adapter.dispatch('view_source', 'dbt_fullstory')(relation)) -}}
{% endmacro %}

{% macro default__view_source(relation) %}
  {{- return(relation) -}}
{% endmacro %}

{% macro duckdb__view_source(relation) %}
  {%- if relation.database and relation.schema and relation.database | lower == relation.schema | lower -%}
    {{- return("query_table('" ~ (relation | string | replace("'", "''")) ~ "')") -}}
  {%- endif -%}
  {{- return(relation) -}}
{% endmacro %}
