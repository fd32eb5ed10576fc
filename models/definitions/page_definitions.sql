{#- One row per page definition id: its current version (macros/definitions/latest_definitions.sql). -#}
{{ dbt_fullstory.latest_definitions(ref('dbt_fullstory', 'stg_fullstory__page_definitions')) }}
