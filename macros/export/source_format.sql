{#-
  Which types the synced source has: `table`, FullStory's warehouse table
  (timestamps, updated_time a timestamp), or `export`, the Parquet export's
  (event_time and processed_time ISO strings ending in Z, updated_time epoch
  milliseconds), as an external table over the bucket has them.
-#}

{% macro source_format() %}
  {#- the var; else export when fullstory_export_path names the export's root -#}
  {{- return(var('fullstory_source_format', none)
             or ('export' if var('fullstory_export_path', none) is not none else 'table')) -}}
{% endmacro %}

{% macro events_source_name() %}
  {#- The source of the synced events, as source()'s arguments: the export's
      files when fullstory_export_path is set (DuckDB), else the warehouse
      table of the fullstory_events_* vars. -#}
  {{- return(['fullstory_export', 'events'] if var('fullstory_export_path', none) is not none
             else ['fullstory', 'events']) -}}
{% endmacro %}
