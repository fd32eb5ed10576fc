{#-
  A pre-hook of the sessions and users Python models (no SQL): stops the run
  with a message that says what to do, before the model's Python starts,
  when
  - a model it reads is not built yet (`dbt run -s sessions` on a fresh
    schema ended in a Python traceback about a missing table);
  - the stored incremental sessions or users has event type columns other than the
    var fullstory_event_types makes (a type added or removed: dbt's own
    message, "schemas out of sync", did not say how to fix it), or
    conversion columns other than fullstory_conversions makes;
  - the model fullstory_settings, which the Python code reads its vars
    from, holds other values than this run's vars make: it was left out of
    a run's selection after a var changed, and the model would be built,
    and its settings recorded, with the old values.
-#}
{% macro check_python_model_inputs() %}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set missing = [] -%}
  {%- for unique_id in model.depends_on.nodes | sort if unique_id.startswith('model.') -%}
    {%- set upstream = graph.nodes[unique_id] -%}
    {#- ref(), not the node's own database and schema: with --defer it is the relation the model reads -#}
    {%- set relation = ref(upstream.package_name, upstream.name) -%}
    {%- if adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
      {%- do missing.append(upstream.name ~ " (" ~ relation ~ ")") -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if missing -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: " ~ model.name ~ " reads " ~ missing | join(" and ") ~ ", which "
         ~ ("is" if missing | length == 1 else "are") ~ " not built yet. Build "
         ~ ("it" if missing | length == 1 else "them") ~ " first: dbt build -s +" ~ model.name ~ ".") }}
  {%- endif -%}
  {%- if model.name in ['sessions', 'users'] and config.get('materialized') == 'incremental'
        and not should_full_refresh() -%}
    {%- set stored = adapter.get_relation(this.database, this.schema, this.identifier) -%}
    {%- if stored is not none -%}
      {%- do dbt_fullstory.check_stored_event_type_columns(stored) -%}
      {%- do dbt_fullstory.check_stored_conversion_columns(stored) -%}
    {%- endif -%}
  {%- endif -%}
  {#- after the column checks: their message names the fix for both -#}
  {%- do dbt_fullstory.check_python_settings_current() -%}
  {{- return('') -}}
{% endmacro %}

{% macro check_stored_event_type_columns(relation) %}
  {#- The stored sessions' total_<type>_events columns against the var's types. -#}
  {%- set stored_types = [] -%}
  {%- for column in adapter.get_columns_in_relation(relation) -%}
    {%- set match = modules.re.match('^total_(.+)_events$', column.name | lower) -%}
    {%- if match and match.group(1) not in dbt_fullstory.source_types() -%}
      {%- do stored_types.append(match.group(1)) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- set wanted = var('fullstory_event_types') | map('lower') | list -%}
  {%- set added = wanted | reject('in', stored_types) | list -%}
  {%- set removed = stored_types | reject('in', wanted) | list -%}
  {%- if added or removed -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: fullstory_event_types changed since " ~ relation ~ " was built ("
         ~ (["added: " ~ added | join(', ')] if added else []) | join('')
         ~ ("; " if added and removed else "")
         ~ (["removed: " ~ removed | join(', ')] if removed else []) | join('')
         ~ "), and sessions and users have a column per type. Rebuild both:"
         ~ " dbt build -s fullstory_settings sessions users --full-refresh") }}
  {%- endif -%}
{% endmacro %}

{% macro check_stored_conversion_columns(relation) %}
  {#- The stored sessions' total_<name>_conversions columns against the var's conversions. -#}
  {%- set stored_names = [] -%}
  {%- for column in adapter.get_columns_in_relation(relation) -%}
    {%- set match = modules.re.match('^total_(.+)_conversions$', column.name | lower) -%}
    {%- if match -%}{%- do stored_names.append(match.group(1)) -%}{%- endif -%}
  {%- endfor -%}
  {%- set wanted = dbt_fullstory.conversions() | map(attribute='name') | list -%}
  {%- set added = wanted | reject('in', stored_names) | list -%}
  {%- set removed = stored_names | reject('in', wanted) | list -%}
  {%- if added or removed -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: fullstory_conversions changed since " ~ relation ~ " was built ("
         ~ (["added: " ~ added | join(', ')] if added else []) | join('')
         ~ ("; " if added and removed else "")
         ~ (["removed: " ~ removed | join(', ')] if removed else []) | join('')
         ~ "), and sessions and users have columns per conversion. Rebuild both:"
         ~ " dbt build -s fullstory_settings sessions users --full-refresh") }}
  {%- endif -%}
{% endmacro %}

{% macro check_python_settings_current() %}
  {#- The rows of fullstory_settings against the values python_model_settings() makes of this run's vars. -#}
  {%- set relation = ref('dbt_fullstory', 'fullstory_settings') -%}
  {%- set stored = {} -%}
  {%- for row in run_query("select setting_name, setting_value from " ~ relation).rows -%}
    {%- do stored.update({row[0]: row[1]}) -%}
  {%- endfor -%}
  {%- set wanted = dbt_fullstory.python_model_settings() -%}
  {%- set differing = [] -%}
  {%- for name, value in wanted.items() if stored.get(name) != value -%}
    {%- do differing.append(name) -%}
  {%- endfor -%}
  {%- if differing -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: " ~ relation ~ " holds other values of " ~ differing | join(", ") ~ " than this run's"
         ~ " vars make (the model fullstory_settings was left out of a run after a var changed), and "
         ~ model.name ~ " reads its vars there. Build it in the same run: dbt build -s fullstory_settings "
         ~ model.name ~ ".") }}
  {%- endif -%}
{% endmacro %}
