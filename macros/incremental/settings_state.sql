{#-
  The vars an incremental Python model's stored rows depend on beyond their
  events (sessions: fullstory_timezone's start_date, the conversions'
  definitions; users: the same, and the settings the stored sessions were built with; pages: start_date and the
  page definitions' names), kept per model in a small table, fullstory_model_settings,
  beside the models. When they changed since the stored rows were built, the
  pre-hook empties the stored model, so the run rebuilds every row (the model
  rebuilds everything when it holds nothing); the post-hook records the
  settings after a successful build. A failed run leaves the old record, so
  the next run rebuilds again. A model built by a release without the record
  counts as changed.

  Column changes (a conversion added, removed or renamed) change the model's
  columns instead: on_schema_change fails and the message says to rebuild.
-#}

{% macro model_settings(model_name) %}
  {#- as an md5: quotes, backslashes and non-ASCII text would differ by engine in a literal -#}
  {%- if model_name == 'sessions' -%}
    {{- return(local_md5(tojson({'timezone': var('fullstory_timezone'), 'conversions': dbt_fullstory.conversions()}))) -}}
  {%- elif model_name == 'users' -%}
    {#- users sums the sessions' conversion columns: the settings sessions was built with count too,
        so that a users run before the sessions run that applies a new definition is followed by a
        rebuild once sessions has it (a user's updated_time does not change with a definition) -#}
    {{- return(local_md5(tojson({'timezone': var('fullstory_timezone'), 'conversions': dbt_fullstory.conversions(),
                                 'sessions_built_with': dbt_fullstory.recorded_model_settings('sessions')}))) -}}
  {%- elif model_name == 'pages' -%}
    {#- page_name comes from the page definitions: a renamed one is a changed setting (they are few) -#}
    {#- render(): the relation's name even under --empty, which would make it an empty subquery -#}
    {%- set definitions = ref('dbt_fullstory', 'page_definitions').render() -%}
    {%- set rows = run_query("select id, name from " ~ definitions).rows -%}
    {%- set names = [] -%}
    {%- for row in rows -%}{%- do names.append([row[0] | string, row[1] | string]) -%}{%- endfor -%}
    {%- set names = names | sort -%}
    {{- return(local_md5(tojson({'timezone': var('fullstory_timezone'), 'page_names': names}))) -}}
  {%- endif -%}
  {{- return(none) -}}
{% endmacro %}

{% macro settings_state_relation() %}
  {#- beside the model; in a run-operation (no model: the tests' stand-ins), in the target's schema -#}
  {%- set at = this if this is defined and this else target -%}
  {{- return(api.Relation.create(database=at.database, schema=at.schema, identifier='fullstory_model_settings')) -}}
{% endmacro %}

{% macro recorded_model_settings(model_name) %}
  {#- the settings recorded for model_name, or none -#}
  {%- set state = dbt_fullstory.settings_state_relation() -%}
  {%- if adapter.get_relation(state.database, state.schema, state.identifier) is none -%}{{ return(none) }}{%- endif -%}
  {%- set rows = run_query("select settings from " ~ state ~ " where model_name = '" ~ model_name ~ "'").rows -%}
  {{- return(rows[0][0] if rows | length > 0 else none) -}}
{% endmacro %}

{% macro rebuild_if_settings_changed() %}
  {#- pre-hook: empty the stored model when its settings differ from the recorded ones -#}
  {%- if not execute or should_full_refresh() -%}{{ return('') }}{%- endif -%}
  {%- if adapter.get_relation(this.database, this.schema, this.identifier) is none -%}{{ return('') }}{%- endif -%}
  {%- set settings = dbt_fullstory.model_settings(model.name) -%}
  {%- if settings is none -%}{{ return('') }}{%- endif -%}
  {%- set recorded = dbt_fullstory.recorded_model_settings(model.name) -%}
  {%- if recorded != settings -%}
    {%- do log("dbt_fullstory: " ~ model.name ~ " was built with other values of fullstory_timezone,"
         ~ " fullstory_conversions or page definition names (or before they were recorded): this run rebuilds all of its rows.", info=true) -%}
    {%- do run_query("delete from " ~ this ~ " where true") -%}
  {%- endif -%}
  {{- return('') -}}
{% endmacro %}

{% macro record_model_settings() %}
  {#- post-hook: the settings the stored rows were just built with -#}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set settings = dbt_fullstory.model_settings(model.name) -%}
  {%- if settings is none -%}{{ return('') }}{%- endif -%}
  {%- set state = dbt_fullstory.settings_state_relation() -%}
  {%- do run_query("create table if not exists " ~ state ~ " (model_name " ~ dbt.type_string()
       ~ ", settings " ~ dbt.type_string() ~ ")") -%}
  {#- dbt's relation cache does not see a table made by run_query: without this, a later model
      of the same run (users, reading sessions' record) would find no record and record that -#}
  {%- do adapter.cache_added(state.incorporate(type='table')) -%}
  {%- do run_query("delete from " ~ state ~ " where model_name = '" ~ model.name ~ "'") -%}
  {%- do run_query("insert into " ~ state ~ " (model_name, settings) values ('" ~ model.name ~ "', '"
       ~ settings ~ "')") -%}
  {{- return('') -}}
{% endmacro %}
