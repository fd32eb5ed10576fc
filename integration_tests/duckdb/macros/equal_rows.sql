{#-
  Rows of `expected` missing from `actual`, and rows of `actual` that are not
  in `expected`, compared on the expected relation's columns (as multisets,
  so a duplicated row is a difference). A data test: any row returned fails.
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
  with actual_rows as (
      select {{ columns | join(', ') }} from {{ actual }}
  ),
  expected_rows as (
      select {{ columns | join(', ') }} from {{ expected }}
  ),
  missing as (
      select * from expected_rows except all select * from actual_rows
  ),
  unexpected as (
      select * from actual_rows except all select * from expected_rows
  )
  select 'missing from the model' as difference, * from missing
  union all
  select 'not expected' as difference, * from unexpected
{% endmacro %}
