{#-
  A post-hook of the Python models on DuckDB: drops the table
  `<model>__dbt_tmp<20 digits>` that dbt-duckdb's incremental materialization
  writes a Python model's new rows to. For SQL it makes a TEMPORARY table,
  gone with the connection; for Python it creates a real table in the
  default schema and, taking it for temporary, never drops it, so each
  incremental run of sessions left one behind and the file grew. Leftovers
  of earlier runs go too. Empty (no statement) on other adapters.
-#}
{% macro drop_leftover_temp_tables() %}
  {%- if target.type != 'duckdb' or not execute -%}{{ return('') }}{%- endif -%}
  {%- set pattern = this.identifier ~ '__dbt_tmp[0-9]{20}' -%}
  {%- set leftovers = run_query(
        "select table_catalog, table_schema, table_name from information_schema.tables"
        ~ " where regexp_full_match(table_name, '" ~ pattern ~ "')") -%}
  {%- set statements = [] -%}
  {%- for row in leftovers.rows -%}
    {%- do statements.append('drop table if exists ' ~ api.Relation.create(
          database=row[0], schema=row[1], identifier=row[2])) -%}
  {%- endfor -%}
  {{- return(statements | join(';\n')) -}}
{% endmacro %}
