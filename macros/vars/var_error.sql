{#- The compiler error of a bad var value: every check of a var stops through it. -#}

{% macro var_error(name, value, expected) %}
  {{- exceptions.raise_compiler_error(
        "dbt_fullstory: var '" ~ name ~ "' has the value " ~ (value | tojson)
        ~ ", which is not " ~ expected ~ ". Set it in your dbt_project.yml vars.") -}}
{% endmacro %}
