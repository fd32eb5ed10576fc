{#-
  An integer of epoch milliseconds (the export's updated_time) as a UTC
  timestamp without a zone; NULL stays NULL.
-#}

{% macro timestamp_from_epoch_ms(column) %}
  {{- return(adapter.dispatch('timestamp_from_epoch_ms', 'dbt_fullstory')(column)) -}}
{% endmacro %}

{% macro default__timestamp_from_epoch_ms(column) %}
  {#- DuckDB: epoch_ms(BIGINT) is a TIMESTAMP, whatever the TimeZone setting -#}
  epoch_ms(cast({{ column }} as bigint))
{%- endmacro %}

{% macro snowflake__timestamp_from_epoch_ms(column) %}
  to_timestamp_ntz(cast({{ column }} as number(38, 0)), 3)
{%- endmacro %}

{% macro bigquery__timestamp_from_epoch_ms(column) %}
  timestamp_millis(cast({{ column }} as int64))
{%- endmacro %}
