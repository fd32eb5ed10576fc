{#- Every event definition row of the source (duplicates included), typed; event_definitions keeps one per id. -#}
{%- set source_name = dbt_fullstory.definitions_source_name() -%}
{{ dbt_fullstory.definitions_rows('event', source(source_name, 'event_definitions') if source_name else none) }}
