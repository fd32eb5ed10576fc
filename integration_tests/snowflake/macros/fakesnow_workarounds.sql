{#-
  fakesnow (a DuckDB-backed fake Snowflake, used offline in CI) cannot run
  three things dbt-snowflake emits on an incremental run: temporary relations
  qualified by a database, a MERGE whose insert values are unqualified column
  names, and temporary tables inside an explicit BEGIN ... COMMIT. These
  overrides apply only when target.account is 'fakesnow'; on a real Snowflake
  account every macro below hands over to dbt-snowflake's own. They live in
  this test project only, never in the package.
-#}

{% macro fakesnow_target() %}
  {{- return(target.account == 'fakesnow') -}}
{% endmacro %}

{% macro snowflake__create_table_temporary_sql(relation, compiled_code) -%}
  {%- if not fakesnow_target() -%}
    {{ return(dbt_snowflake.snowflake__create_table_temporary_sql(relation, compiled_code)) }}
  {%- endif -%}
  {#- a transient table in place of the temporary one -#}
  create or replace transient table {{ relation }} as (
    {{ compiled_code }}
  );
{%- endmacro %}

{% macro snowflake__create_view_as_with_temp_flag(relation, sql, is_temporary=False) -%}
  {%- if not fakesnow_target() -%}
    {{ return(dbt_snowflake.snowflake__create_view_as_with_temp_flag(relation, sql, is_temporary)) }}
  {%- endif -%}
  create or replace view {{ relation }} as (
    {{ sql }}
  );
{%- endmacro %}

{% macro snowflake__get_merge_sql(target, source_sql, unique_key, dest_columns, incremental_predicates) -%}
  {%- if not fakesnow_target() or unique_key is none -%}
    {{ return(dbt_snowflake.snowflake__get_merge_sql(
         target, source_sql, unique_key, dest_columns, incremental_predicates)) }}
  {%- endif -%}
  {#- dbt-core's merge, with the insert values qualified by the source alias;
      incremental_predicates join the match, as in dbt-core's -#}
  {%- set matches = [] if incremental_predicates is none else [] + incremental_predicates -%}
  {%- do matches.append("DBT_INTERNAL_SOURCE." ~ unique_key ~ " = DBT_INTERNAL_DEST." ~ unique_key) -%}
  {%- set dest_cols = get_quoted_csv(dest_columns | map(attribute="name")) -%}
  {%- set source_cols = [] -%}
  {%- for column in dest_columns -%}
    {%- do source_cols.append("DBT_INTERNAL_SOURCE." ~ adapter.quote(column.name)) -%}
  {%- endfor -%}
  merge into {{ target }} as DBT_INTERNAL_DEST
      using {{ source_sql }} as DBT_INTERNAL_SOURCE
      on {{ '(' ~ matches | join(') and (') ~ ')' }}
  when matched then update set
      {% for column in dest_columns -%}
        {{ adapter.quote(column.name) }} = DBT_INTERNAL_SOURCE.{{ adapter.quote(column.name) }}{{ "," if not loop.last }}
      {% endfor %}
  when not matched then insert ({{ dest_cols }})
  values ({{ source_cols | join(', ') }})
{%- endmacro %}

{% macro snowflake_dml_explicit_transaction(dml) %}
  {%- if not fakesnow_target() -%}
    {{ return(dbt_snowflake.snowflake_dml_explicit_transaction(dml)) }}
  {%- endif -%}
  {{ return(dml) }}
{% endmacro %}

{% macro snowflake__json_text(json) %}
  {%- if not fakesnow_target() -%}
    {{ return(dbt_fullstory.snowflake__json_text(json)) }}
  {%- endif -%}
  {#- fakesnow turns to_json into DuckDB's json_format, which DuckDB lacks; its
      VARIANT is DuckDB JSON, whose text a cast gives (compact, as to_json's) -#}
  {{- return('cast(' ~ json ~ ' as varchar)') -}}
{% endmacro %}
