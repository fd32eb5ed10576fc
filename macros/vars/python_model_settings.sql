{#- The vars the Python models read, normalized: the rows of the fullstory_settings model. -#}

{% macro python_model_settings() %}
  {#- setting name -> text (none: NULL); fullstory_frames/settings.py reads them by these names -#}
  {{ return({
       'fullstory_event_types': var('fullstory_event_types') | join(','),
       'fullstory_timezone': var('fullstory_timezone'),
       'fullstory_conversions': tojson(dbt_fullstory.conversions()),
       'fullstory_replay_url_prefix': dbt_fullstory.replay_url_prefix(),
       'fullstory_incremental_interval_seconds': dbt_fullstory.incremental_interval_seconds() | string,
     }) }}
{% endmacro %}
