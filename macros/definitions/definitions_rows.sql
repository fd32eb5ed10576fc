{#-
  FullStory's definitions (event, page and element definitions), one
  staging view per kind: every row of its source, typed, with the columns of
  the definitions models' contract. The source is chosen at compile time:
    - with fullstory_export_path, the export's files
      configuration/<kind>-definitions/ingested_time=*/*.parquet (DuckDB);
    - else, with fullstory_definitions true, the warehouse table
      <kind>_definitions in fullstory_definitions_schema;
    - else none: no rows.
  A source may lack columns (page and element definitions have only id,
  name, description, state and modified_time for sure): the source's columns
  are read at compile time, so the SQL never names one it does not have;
  each missing column is a typed NULL. An export without the kind's folder
  (an org that defined nothing yet) has no rows, not an error.
-#}

{% macro definitions_source_name() %}
  {#- The source of the definitions, as source()'s first argument; none when
      there is none. The enabled configs of the two sources in
      models/staging/_fullstory__definitions_sources.yml say the same. -#}
  {%- if var('fullstory_export_path', none) is not none -%}
    {{- return('fullstory_export_definitions') -}}
  {%- elif var('fullstory_definitions', false) is sameas true -%}
    {{- return('fullstory_definitions') -}}
  {%- endif -%}
  {{- return(none) -}}
{% endmacro %}

{% macro definitions_columns() %}
  {#- The contract's columns, in order, with their types: (name, type) pairs -#}
  {%- set string, timestamp = dbt.type_string(), dbt.type_timestamp() -%}
  {{- return([('id', string), ('name', string), ('description', string), ('state', string),
              ('created_time', timestamp), ('modified_time', timestamp), ('updated_time', timestamp),
              ('created_by', string), ('modified_by', string)]) -}}
{% endmacro %}

{% macro definitions_rows(kind, relation) %}
  {#- The staging SELECT of one kind (event, page, element) from relation
      (source() of definitions_source_name(), or none) -#}
  {%- set source_types = {} -%}
  {%- if execute and relation is not none -%}
    {%- if var('fullstory_export_path', none) is not none -%}
      {%- set pattern = dbt_fullstory.export_root() ~ '/configuration/' ~ kind
            ~ '-definitions/ingested_time=*/*.parquet' -%}
      {%- set found = run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0] -%}
      {%- if found > 0 -%}
        {%- set source_types = dbt_fullstory.source_column_types(relation) -%}
      {%- endif -%}
    {%- else -%}
      {%- set source_types = dbt_fullstory.source_column_types(relation) -%}
      {%- if not source_types -%}
        {%- do exceptions.warn("dbt_fullstory: " ~ kind ~ "_definitions is built empty: the table " ~ relation
              ~ " (var fullstory_definitions: true) is not there. Point the var fullstory_definitions_schema at"
              ~ " the schema of FullStory's definitions tables, or set fullstory_definitions: false.") -%}
      {%- endif -%}
    {%- endif -%}
  {%- endif -%}
  select
  {%- for name, type in dbt_fullstory.definitions_columns() %}
    {{ dbt_fullstory.typed_column(name, type, source_types) if name in source_types
       else dbt_fullstory.typed_column('null', type) }} as {{ name }}{{ ',' if not loop.last }}
  {%- endfor %}
  {#- no source, or nothing in it: no rows, with the columns and their types
      (BigQuery allows no WHERE without a FROM) #}
  {%- if source_types %}
  from {{ dbt_fullstory.view_source(relation) }}
  {%- else %}
  from (select 1 as no_source) as nothing
  where 1 = 0
  {%- endif %}
{% endmacro %}
