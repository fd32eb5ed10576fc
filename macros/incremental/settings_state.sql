{#-
  The vars an incremental model's stored rows depend on beyond their events
  (events: fullstory_min_event_time; sessions: fullstory_timezone's
  start_date, the conversions' definitions, and the minimum events was
  loaded with; users: the same, and the settings the stored sessions were
  built with; pages: start_date, the page definitions' names and events'
  minimum), kept per model in the package's incremental manifest, the model
  fullstory_model_settings. When they changed since the stored rows were
  built, the pre-hook empties the stored model, so the run rebuilds every row
  (the model rebuilds everything when it holds nothing); the post-hook
  records the settings after a successful build. A failed run leaves the old
  record, so the next run rebuilds again. A model without a record (built by a
  release before it, or the manifest rebuilt) counts as changed.

  Column changes (a conversion added, removed or renamed) change the model's
  columns instead: on_schema_change fails and the message says to rebuild.
-#}

{% macro model_settings(model_name) %}
  {#- as an md5: quotes, backslashes and non-ASCII text would differ by engine in a literal -#}
  {%- if model_name == 'events' -%}
    {#- the fullstory_min_event_time events holds the events from, as text that sorts as the time
        (events_min_event_time_change() reads it back); the Python models rebuild when it changes -#}
    {{- return(dbt_fullstory.min_event_time().strftime('%Y-%m-%d %H:%M:%S')) -}}
  {%- elif model_name == 'sessions' -%}
    {%- set settings = {'timezone': var('fullstory_timezone'), 'conversions': dbt_fullstory.conversions()} -%}
    {%- do settings.update(dbt_fullstory.events_minimum_setting()) -%}
    {{- return(local_md5(tojson(settings))) -}}
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
    {%- set settings = {'timezone': var('fullstory_timezone'), 'page_names': names} -%}
    {%- do settings.update(dbt_fullstory.events_minimum_setting()) -%}
    {{- return(local_md5(tojson(settings))) -}}
  {%- endif -%}
  {{- return(none) -}}
{% endmacro %}

{% macro events_minimum_setting() %}
  {#- the minimum the stored events were loaded from, as a setting of the models on events; left out
      at the package's default, so that the settings of a release before it was recorded still match -#}
  {%- set loaded_from = dbt_fullstory.recorded_model_settings('events') -%}
  {{- return({} if loaded_from in [none, '2000-01-01 00:00:00'] else {'events_from': loaded_from}) -}}
{% endmacro %}

{% macro settings_state_relation() %}
  {#- The manifest's table where this project builds it: its node's, not ref()'s, which under
      --defer could name another environment's, whose records this run must not read or write.
      none when the project has disabled the model. -#}
  {%- set node = graph.nodes.get('model.dbt_fullstory.fullstory_model_settings') -%}
  {%- if node is none -%}{{ return(none) }}{%- endif -%}
  {{- return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -}}
{% endmacro %}

{% macro recorded_model_settings(model_name) %}
  {#- the settings recorded for model_name, or none -#}
  {%- set state = dbt_fullstory.settings_state_relation() -%}
  {%- if state is none or adapter.get_relation(state.database, state.schema, state.identifier) is none -%}
    {{ return(none) }}
  {%- endif -%}
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
         ~ " fullstory_conversions, page definition names or events' fullstory_min_event_time (or before they were"
         ~ " recorded): this run rebuilds all of its rows.", info=true) -%}
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
  {%- if state is none or adapter.get_relation(state.database, state.schema, state.identifier) is none -%}
    {#- safe, not silent: without a record, the next run rebuilds the model whole -#}
    {%- do exceptions.warn("dbt_fullstory: the model fullstory_model_settings is not built"
         ~ (" (" ~ state ~ ")" if state is not none else " (disabled)") ~ ", so the settings " ~ model.name
         ~ " was built with are not recorded, and its next run rebuilds all of its rows. Build it:"
         ~ " dbt build -s fullstory_model_settings.") -%}
    {{ return('') }}
  {%- endif -%}
  {%- for statement in dbt_fullstory.settings_row_statements(state, model.name, settings) -%}
    {%- do run_query(statement) -%}
  {%- endfor -%}
  {{- return('') -}}
{% endmacro %}

{% macro settings_row_statements(state, model_name, settings) %}
  {#- The statements that write model_name's row of the settings table, and its row alone: the
      models run in parallel, and replacing the table would conflict with another model's post-hook. -#}
  {{- return(adapter.dispatch('settings_row_statements', 'dbt_fullstory')(state, model_name, settings)) -}}
{% endmacro %}

{% macro default__settings_row_statements(state, model_name, settings) %}
  {#- one MERGE (Snowflake, BigQuery) -#}
  {{- return(["merge into " ~ state ~ " as recorded using (select '" ~ model_name ~ "' as model_name, '"
       ~ settings ~ "' as settings) as current_settings on recorded.model_name = current_settings.model_name"
       ~ " when matched then update set settings = current_settings.settings"
       ~ " when not matched then insert (model_name, settings)"
       ~ " values (current_settings.model_name, current_settings.settings)"]) -}}
{% endmacro %}

{% macro duckdb__settings_row_statements(state, model_name, settings) %}
  {#- a delete and an insert: DuckDB has MERGE from 1.4 on only -#}
  {{- return(["delete from " ~ state ~ " where model_name = '" ~ model_name ~ "'",
              "insert into " ~ state ~ " (model_name, settings) values ('" ~ model_name ~ "', '" ~ settings ~ "')"]) -}}
{% endmacro %}

{% macro recorded_min_event_time() %}
  {#- the fullstory_min_event_time the stored events were loaded with (a datetime), none when not recorded -#}
  {%- set recorded = dbt_fullstory.recorded_model_settings('events') -%}
  {%- set shape = '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' -%}
  {%- if recorded is none or not modules.re.match(shape, recorded) -%}
    {{- return(none) -}}
  {%- endif -%}
  {{- return(modules.datetime.datetime.strptime(recorded, '%Y-%m-%d %H:%M:%S')) -}}
{% endmacro %}

{% macro events_min_event_time_change() %}
  {#- pre-hook of events: a raised fullstory_min_event_time deletes the stored events before it, as
      a full refresh would leave them out (the delete's literal bound prunes: BigQuery's partitions,
      the row groups and micro-partitions of a table in time order; with none before it, it reads
      little). A lowered one makes the run read the synced rows between the two (events_read_bounds).
      sessions, users and pages rebuild once events has recorded the new value (model_settings). -#}
  {%- if not execute or model.resource_type == 'unit_test' or not is_incremental() -%}{{ return('') }}{%- endif -%}
  {%- set current = dbt_fullstory.min_event_time() -%}
  {%- set recorded = dbt_fullstory.recorded_min_event_time() -%}
  {%- if recorded is not none and recorded != current -%}
    {%- do log("dbt_fullstory: fullstory_min_event_time is now " ~ current ~ ", and events holds the events from "
         ~ recorded ~ ": this run " ~ ("deletes the events before it" if current > recorded
         else "loads the synced events between the two") ~ ", and sessions, users and pages rebuild all of their rows.",
         info=true) -%}
  {%- endif -%}
  {%- set before = ' where event_time < ' ~ dbt_fullstory.timestamp_literal(current) -%}
  {%- if recorded is none -%}
    {#- not recorded yet (a release before it): a delete only if events holds any -#}
    {%- set found = run_query('select count(*) from (select 1 from ' ~ this ~ before ~ ' limit 1) as early') -%}
    {%- if found.columns[0].values()[0] | int == 0 -%}{{ return('') }}{%- endif -%}
  {%- elif current <= recorded -%}
    {{ return('') }}
  {%- endif -%}
  {{- return('delete from ' ~ this ~ before) -}}
{% endmacro %}
