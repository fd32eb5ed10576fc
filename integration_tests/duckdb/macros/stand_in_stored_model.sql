{#-
  `dbt run-operation stand_in_stored_model --args '{name: sessions}'`: an
  empty table where a model's relation would be, so that the next `dbt run`
  of that model renders its incremental code. The warehouse tests use it on
  the stand-ins, where the Python models cannot run (test_submitted_models.py).
-#}
{% macro stand_in_stored_model(name) %}
  {%- set relation = api.Relation.create(database=target.database, schema=target.schema, identifier=name) -%}
  {%- do run_query('create table ' ~ relation ~ ' as select 1 as stand_in') -%}
{% endmacro %}
