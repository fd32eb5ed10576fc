{#-
  events holds every event ever synced, and FullStory may no longer hold the
  oldest: `--full-refresh` rebuilds it only when the var
  fullstory_allow_full_refresh is true (Snowplow's allow_refresh). The model
  sets `config(full_refresh=dbt_fullstory.allow_refresh())`: a package's
  dbt_project.yml cannot see the user's vars.
-#}

{% macro allow_refresh() %}
  {#- none (dbt's --full-refresh flag decides) or false (never), and a log line when the flag is refused -#}
  {%- set allowed = var('fullstory_allow_full_refresh') -%}
  {%- if execute and flags.FULL_REFRESH and not allowed -%}
    {%- do log("dbt_fullstory: --full-refresh does not rebuild " ~ this ~ " (set the var"
         ~ " fullstory_allow_full_refresh: true to rebuild it); running it incrementally.", info=true) -%}
  {%- endif -%}
  {{ return(none if allowed else false) }}
{% endmacro %}
