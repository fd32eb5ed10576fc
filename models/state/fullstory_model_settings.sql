{#-
  The incremental manifest of the package (Snowplow's pattern): one row per
  incremental model, the settings its stored rows were built with
  (settings_state.sql). This SQL makes the table and adds no row; the models'
  post-hooks write their own row after a successful build, and their
  pre-hooks compare it with today's settings. A table made by an earlier
  release under this name, beside the models, is kept with its rows.
  --full-refresh empties it only where the var fullstory_allow_full_refresh
  allows, as for events: without its rows, every Python model rebuilds whole.
  The column `settings` keeps the name the earlier table has (RF04).
-#}

{{ config(full_refresh=dbt_fullstory.allow_refresh()) }}

with no_rows as (
    select
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as settings  -- noqa: RF04
)

select * from no_rows
where 1 = 0
