{#- Lists the checks of the vars share with the models: FullStory's source types, the adapters with Python models. -#}

{% macro source_types() %}
  {#- FullStory's source_type values; sessions and users count events per source_type as total_<source type>_events -#}
  {{- return(['web', 'mobile_app', 'server']) -}}
{% endmacro %}

{% macro python_model_adapters() %}
  {#- where the sessions and users Python models run (dbt_project.yml enables them only there) -#}
  {{- return(['duckdb', 'snowflake', 'bigquery']) -}}
{% endmacro %}
