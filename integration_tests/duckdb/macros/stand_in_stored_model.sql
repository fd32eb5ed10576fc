{#-
  `dbt run-operation stand_in_stored_model --args '{name: sessions}'`: an
  empty table where a model's relation would be, so that the next `dbt run`
  of a model renders as it would with that model built: the models that
  read it pass the package's check that their inputs exist, and the model
  itself renders its incremental code. It has a total_<type>_events column
  per type of fullstory_event_types and a total_<name>_conversions column
  per conversion, as a stored sessions does (the package checks them), and
  the settings it counts as built with recorded, as a built model's
  post-hook records them. The warehouse tests use it on the stand-ins, where the
  Python models cannot run (test_submitted_models.py).
-#}
{% macro stand_in_stored_model(name) %}
  {%- set relation = api.Relation.create(database=target.database, schema=target.schema, identifier=name) -%}
  {%- set columns = ['1 as stand_in'] -%}
  {%- for event_type in var('fullstory_event_types') -%}
    {%- do columns.append('1 as total_' ~ event_type ~ '_events') -%}
  {%- endfor -%}
  {%- for conversion in dbt_fullstory.conversions() -%}
    {%- do columns.append('1 as total_' ~ conversion.name ~ '_conversions') -%}
  {%- endfor -%}
  {%- do adapter.create_schema(relation) -%}
  {%- do run_query('create table ' ~ relation ~ ' as select ' ~ columns | join(', ')) -%}
  {#- the settings the stand-in counts as built with (sessions, pages): otherwise the model's
      pre-hook would empty it to rebuild, a DELETE, which the BigQuery emulator cannot run -#}
  {#- (events records its own: the package's post-hook; its settings read a var of the package's) -#}
  {%- set settings = dbt_fullstory.model_settings(name) if name != 'events' else none -%}
  {%- if settings is not none -%}
    {#- the model fullstory_model_settings, built before (the warehouse tests build it) -#}
    {%- set state = dbt_fullstory.settings_state_relation() -%}
    {%- set rows = ["select '" ~ name ~ "' as model_name, '" ~ settings ~ "' as settings"] -%}
    {%- if adapter.get_relation(state.database, state.schema, state.identifier) is not none -%}
      {%- for row in run_query("select model_name, settings from " ~ state).rows if row[0] != name -%}
        {%- do rows.append("select '" ~ row[0] ~ "', '" ~ row[1] ~ "'") -%}
      {%- endfor -%}
    {%- endif -%}
    {%- do run_query('create or replace table ' ~ state ~ ' as ' ~ rows | join(' union all ')) -%}
  {%- endif -%}
{% endmacro %}
