{#-
  Stops an incremental run of events over a table that an older version of
  the package built without some of today's columns. on_schema_change would
  add them empty, and only the rows re-read in the lookback would get values:
  every older event would keep NULL (no frustration signals, no conversions,
  no page definitions for the history), and the models built on events would
  count 0 for it, silently. A rebuild from the synced table fills them.
-#}

{% macro check_stored_events_columns() %}
  {#- a unit test has no stored table; a full build creates every column -#}
  {%- if not execute or model.resource_type == 'unit_test' or not is_incremental() -%}
    {{ return('') }}
  {%- endif -%}
  {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
  {%- set missing = model.columns.keys() | map('lower') | reject('in', stored) | list -%}
  {%- if missing -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: " ~ this ~ " was built by an older version of the package and lacks the columns "
         ~ missing | join(', ') ~ ". Added by an incremental run, they would stay NULL on every event"
         ~ " already loaded. Rebuild events and the models on it once:"
         ~ " dbt build -s events+ --full-refresh --vars '{fullstory_allow_full_refresh: true}'") }}
  {%- endif -%}
  {{ return('') }}
{% endmacro %}
