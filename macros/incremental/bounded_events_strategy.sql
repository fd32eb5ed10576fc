{#-
  How an incremental run of events writes its rows. By default the adapter's
  own: delete+insert (DuckDB) or merge, matching event_id across every stored
  event, since FullStory does not promise that a re-sent event keeps its
  event_time. With fullstory_max_lateness set, the user has taken that
  promise (the bound of the source read assumes it too): the delete (DuckDB)
  or the merge's match (Snowflake) then reads only the stored events at or
  after the earliest event_time among the rows written, a literal that skips
  older row groups and micro-partitions. dbt-bigquery runs only its built-in
  strategies, so BigQuery's merge stays unbounded.
-#}

{% macro events_incremental_strategy() %}
  {#- the incremental_strategy of events: its own bounded one with fullstory_max_lateness on DuckDB and Snowflake -#}
  {%- if dbt_fullstory.max_lateness_seconds() is not none and target.type in ['duckdb', 'snowflake'] -%}
    {{ return('fullstory_bounded_events') }}
  {%- endif -%}
  {{ return(dbt_fullstory.events_adapter_strategy()) }}
{% endmacro %}

{% macro events_adapter_strategy() %}
  {#- the adapter's own strategy for events, which the bounded one runs with its bound -#}
  {{ return('delete+insert' if target.type == 'duckdb' else 'merge') }}
{% endmacro %}

{% macro get_incremental_fullstory_bounded_events_sql(arg_dict) %}
  {#- dbt's custom incremental strategy `fullstory_bounded_events`: the
      adapter's strategy with one more predicate on the stored rows. The
      stored copy of a written event shares its event_time, so it is at or
      after the earliest event_time written. With no row written, a bound in
      9999 skips every stored row (not a constant false: Snowflake refuses
      a merge on one). -#}
  {%- set earliest = dbt_fullstory.query_timestamp('select min(event_time) from ' ~ arg_dict['temp_relation'])
        or modules.datetime.datetime(9999, 12, 31) -%}
  {%- set predicates = arg_dict.get('incremental_predicates') or [] -%}
  {%- set predicates = [predicates] if predicates is string else predicates | list -%}
  {%- set bounded = dict(arg_dict) -%}
  {%- do bounded.update({'incremental_predicates':
        predicates + [dbt_fullstory.stored_events_bound(dbt_fullstory.timestamp_literal(earliest))]}) -%}
  {%- set strategy_sql = adapter.get_incremental_strategy_macro(
        context, dbt_fullstory.events_adapter_strategy()) -%}
  {{ return(strategy_sql(bounded)) }}
{% endmacro %}

{% macro stored_events_bound(bound) %}
  {{- return(adapter.dispatch('stored_events_bound', 'dbt_fullstory')(bound)) -}}
{% endmacro %}

{% macro default__stored_events_bound(bound) %}
  {#- DuckDB's delete: the stored table's own column -#}
  {{- return('event_time >= ' ~ bound) -}}
{% endmacro %}

{% macro snowflake__stored_events_bound(bound) %}
  {#- inside the merge's match, on the target's alias -#}
  {{- return('DBT_INTERNAL_DEST.event_time >= ' ~ bound) -}}
{% endmacro %}
