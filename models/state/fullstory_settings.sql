{#-
  The vars the Python models (sessions, users, pages) read, one row each,
  checked and normalized by the package's macros (python_model_settings):
  a Python model can call neither var() nor a macro, so it reads this table.
  Rebuilt on every run, so it always holds the run's vars.
-#}

{% for name, value in dbt_fullstory.python_model_settings().items() %}
    select
        cast({{ dbt_fullstory.text_literal(name) }} as {{ dbt.type_string() }}) as setting_name,
        cast({{ dbt_fullstory.text_literal(value) }} as {{ dbt.type_string() }}) as setting_value
    {% if not loop.last %}
        union all
    {% endif %}
{% endfor %}
