{#-
  Stops before events would be built over the synced table it reads: with
  the defaults, the source is `events` in the target schema, which is where
  the model would go.
-#}

{% macro check_not_own_source() %}
  {#- The source's relation comes from the graph, as sources.yml and a
      user's source override name it; source() itself would make a unit test
      of events mock the source as well as its ref. -#}
  {#- a unit test has no graph, and its given rows are no table to overwrite -#}
  {%- if not execute or model.resource_type == 'unit_test' or var('fullstory_export_path', none) is not none -%}
    {{ return('') }}  {#- the export's files are no table events could overwrite -#}
  {%- endif -%}
  {%- set source_node = graph.sources.get('source.dbt_fullstory.fullstory.events') -%}
  {#- a project that disables the source: staging, which reads it, stops with its own message -#}
  {%- if source_node is none -%}{{ return('') }}{%- endif -%}
  {%- set source = [source_node.database, source_node.schema, source_node.identifier] -%}
  {%- if source | map('string') | map('lower') | list
        == [this.database, this.schema, this.identifier] | map('string') | map('lower') | list -%}
    {{ exceptions.raise_compiler_error(
         "dbt_fullstory: the events model would be built over its own source "
         ~ source | reject('none') | join('.')
         ~ ". Point the vars fullstory_events_schema / fullstory_events_table at the synced table,"
         ~ " or build the package's models into another schema.") }}
  {%- endif -%}
  {{ return('') }}
{% endmacro %}
