{#- One row per element definition id: its current version (macros/definitions/latest_definitions.sql). -#}
{{ dbt_fullstory.latest_definitions(ref('dbt_fullstory', 'stg_fullstory__element_definitions')) }}
