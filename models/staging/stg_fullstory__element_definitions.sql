{#- Every element definition row of the source (duplicates included), typed; element_definitions keeps one per id. -#}
{%- set source_name = dbt_fullstory.definitions_source_name() -%}
{{ dbt_fullstory.definitions_rows('element', source(source_name, 'element_definitions') if source_name else none) }}
