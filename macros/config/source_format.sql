{#-
  Which types the synced source has: `table`, FullStory's warehouse table
  (timestamps, updated_time a timestamp), or `export`, the Parquet export's
  (event_time and processed_time ISO strings ending in Z, updated_time epoch
  milliseconds), as an external table over the bucket has them.
-#}

{% macro source_format() %}
  {{- return(var('fullstory_source_format', none) or 'table') -}}
{% endmacro %}
