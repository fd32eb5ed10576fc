{#-
  One row per id of a definitions kind: FullStory writes a definition again
  each time it changes, and may deliver a row twice, so the row with the
  latest modified_time is the current one. Ties go to the latest
  updated_time, then the greatest name, then the greatest of the other
  columns: a total order, so the order the rows are read in never decides.
  NULL counts as least. Rows without an id are left out.
-#}

{% macro latest_definitions(relation) %}
  {%- set columns = dbt_fullstory.definitions_columns() | map(attribute=0) | list -%}
  {%- set order = ['modified_time', 'updated_time', 'name', 'description', 'state',
                   'created_time', 'created_by', 'modified_by'] -%}
  select
      {{ columns | join(',\n      ') }}
  from (
      select
          *,
          row_number() over (
              partition by id
              order by {{ order | join(' desc nulls last, ') }} desc nulls last
          ) as definition_rank
      from {{ relation }}
      where id is not null
  ) as ranked
  where definition_rank = 1
{% endmacro %}
