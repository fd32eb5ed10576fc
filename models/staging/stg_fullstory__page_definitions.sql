{#- Every page definition row of the source (duplicates included), typed; page_definitions keeps one per id. -#}
{%- set source_name = dbt_fullstory.definitions_source_name() -%}
{{ dbt_fullstory.definitions_rows('page', source(source_name, 'page_definitions') if source_name else none) }}
