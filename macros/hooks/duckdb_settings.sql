{#-
  DuckDB settings for the package's models, from the vars
  fullstory_duckdb_memory_limit ('4GB') and fullstory_duckdb_threads (4):
  a pre-hook of events, sessions and users. Empty (no statement) on other
  adapters and when both vars are null, DuckDB's defaults: 80% of RAM, a
  thread per core. They apply to the whole DuckDB database for the rest of
  the dbt run, as the profile's `settings:` would.
-#}
{% macro duckdb_settings() %}
  {%- if target.type != 'duckdb' -%}{{ return('') }}{%- endif -%}
  {%- set statements = [] -%}
  {%- set memory_limit = var('fullstory_duckdb_memory_limit', none) -%}
  {%- set threads = var('fullstory_duckdb_threads', none) -%}
  {%- if memory_limit is not none -%}
    {%- do statements.append("set memory_limit = '" ~ memory_limit ~ "'") -%}
  {%- endif -%}
  {%- if threads is not none -%}
    {%- do statements.append("set threads = " ~ threads) -%}
  {%- endif -%}
  {{- return(statements | join(';\n')) -}}
{% endmacro %}
