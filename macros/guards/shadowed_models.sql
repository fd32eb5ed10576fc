{#-
  An on-run-start hook (empty SQL) that warns when a project has models of
  its own with the names of the package's models (events, sessions and users
  are common names). The package's models name the package in their refs, so
  they always read the package's tables; but dbt points the data tests that
  the package's YAML declares (`ref('users')`, written by dbt, not by us) at
  the project's model of that name unless the project sets the behavior flag
  require_ref_searches_node_package_before_root. Those tests would then check
  the user's table, so say so, with the fix.
-#}
{% macro warn_on_shadowed_models() %}
  {%- if not execute or project_name == 'dbt_fullstory' -%}{{ return('') }}{%- endif -%}
  {%- set shadowing = [] -%}
  {%- for node in graph.nodes.values() if node.package_name == 'dbt_fullstory' -%}
    {%- for dependency in node.depends_on.nodes
          if dependency.startswith('model.') and not dependency.startswith('model.dbt_fullstory.')
             and dependency not in shadowing -%}
      {%- do shadowing.append(dependency) -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- if shadowing -%}
    {%- do exceptions.warn(
          "dbt_fullstory: your project's " ~ (shadowing | sort | join(', '))
          ~ " share a name with the package's models, and dbt runs the package's data tests on yours."
          ~ " The package's models are not affected (they read the package's tables)."
          ~ " Set `flags: {require_ref_searches_node_package_before_root: true}` in your dbt_project.yml"
          ~ " so that dbt looks in the package first, or rename your models.") -%}
  {%- endif -%}
  {{- return('') -}}
{% endmacro %}
