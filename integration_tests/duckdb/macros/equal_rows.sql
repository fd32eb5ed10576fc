{#-
  Rows of `expected` missing from `actual`, and rows of `actual` that are not
  in `expected`, compared on the expected relation's columns as multisets: each
  distinct row is counted first, so a duplicated row is a difference. Uses set
  EXCEPT (dbt.except()), which DuckDB, Snowflake and BigQuery all have.
  A data test: any row returned fails.
-#}
{% macro equal_rows(actual, expected) %}
  {%- set columns = [] -%}
  {%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(expected) -%}
      {%- do columns.append(adapter.quote(column.name)) -%}
    {%- endfor -%}
  {%- else -%}
    {%- do columns.append('1') -%}
  {%- endif -%}
  {%- set column_list = columns | join(', ') -%}
  with actual_rows as (
      select {{ column_list }}, count(*) as copies from {{ actual }} group by {{ column_list }}
  ),
  expected_rows as (
      select {{ column_list }}, count(*) as copies from {{ expected }} group by {{ column_list }}
  ),
  missing as (
      select * from expected_rows {{ dbt.except() }} select * from actual_rows
  ),
  unexpected as (
      select * from actual_rows {{ dbt.except() }} select * from expected_rows
  )
  select 'missing from the model' as difference, * from missing
  union all
  select 'not expected' as difference, * from unexpected
{% endmacro %}
