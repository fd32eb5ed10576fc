{#- The "synced" FullStory table as it stands after batch `scenario_batch`:
    tests load batch 1, run the package, then batch 2 and run it again. -#}
{{ config(materialized='table') }}

select * from {{ ref('scenario_events') }}
where batch <= {{ var('scenario_batch') }}
