{#-
  Test-only rewrites for the crucible BigQuery emulator (BIGQUERY_API_ENDPOINT
  set). The package writes what BigQuery runs; where the emulator cannot parse
  it, the SQL is rewritten here, never in the package. dbt's dispatch looks in
  the root project before the package, so this wraps the package's macro.
-#}

{% macro bigquery__safe_json(column, data_type=none) %}
  {%- set sql = dbt_fullstory.bigquery__safe_json(column, data_type) -%}
  {%- if env_var('BIGQUERY_API_ENDPOINT', '') -%}
    {#- BigQuery's parse_json takes wide_number_mode => 'round'; the emulator's parser does not -#}
    {%- set sql = sql | replace(", wide_number_mode => 'round'", "") -%}
  {%- endif -%}
  {{- return(sql) -}}
{% endmacro %}
