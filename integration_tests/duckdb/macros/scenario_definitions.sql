{#-
  FullStory's definitions tables as a warehouse sync would hold them, for
  the definitions models' warehouse path (var fullstory_definitions: true):
  dbt run-operation create_scenario_definitions --args '{schema: <schema>}'
  creates event_definitions (every column), page_definitions and
  element_definitions (id, name, description, state and modified_time only)
  in that schema. python/tests/test_definitions.py holds the rows each model
  must keep, written by hand. Each row says what it tests.
-#}
{% macro create_scenario_definitions(schema) %}
  {%- set string, timestamp = dbt.type_string(), dbt.type_timestamp() -%}
  {%- set rows = {
        'event': [
          "'wd-1', 'Clicked buy', 'first version', 'active', '2026-09-01 08:00:00', '2026-09-01 08:00:00', '2026-09-01 08:10:00', 'ana', 'ana'",
          "'wd-1', 'Clicked buy now', 'renamed: the latest modified_time wins', 'active', '2026-09-01 08:00:00', '2026-09-03 12:00:00', '2026-09-03 12:10:00', 'ana', 'bo'",
          "'wd-1', 'Clicked', 'no modified_time: NULL is least', 'active', '2026-09-01 08:00:00', null, '2026-12-31 00:00:00', 'ana', 'ana'",
          "'wd-2', 'Viewed plans', 'same modified_time, later updated_time: wins', 'active', '2026-09-02 10:00:00', '2026-09-02 10:00:00', '2026-09-04 06:00:00', 'bo', 'bo'",
          "'wd-2', 'Viewed pricing', 'same modified_time, earlier updated_time', 'active', '2026-09-02 10:00:00', '2026-09-02 10:00:00', '2026-09-02 10:05:00', 'bo', 'bo'",
          "'wd-3', 'Search A', 'zz: equal times, the lesser name', 'active', '2026-09-02 11:00:00', '2026-09-02 11:00:00', '2026-09-02 11:05:00', 'cy', 'cy'",
          "'wd-3', 'Search B', 'aa: equal times, the greater name wins', 'active', '2026-09-02 11:00:00', '2026-09-02 11:00:00', '2026-09-02 11:05:00', 'cy', 'cy'",
          "'wd-4', 'Legacy', 'a state FullStory does not document', 'deprecated', '2026-09-03 09:00:00', '2026-09-03 09:00:00', '2026-09-03 09:05:00', 'cy', 'cy'",
          "null, 'No id', 'left out', 'active', '2026-09-03 09:00:00', '2026-09-03 09:00:00', '2026-09-03 09:05:00', 'cy', 'cy'"],
        'page': [
          "'wp-1', 'Home', null, 'active', '2026-09-01 09:00:00'",
          "'wp-1', 'Homepage', 'the later version', 'active', '2026-09-05 09:00:00'",
          "'wp-2', 'Pricing', null, 'archived', '2026-09-02 09:00:00'"],
        'element': [
          "'we-1', 'Buy button', null, 'active', '2026-09-01 10:00:00'",
          "'we-2', 'Plan card', 'first version', 'active', '2026-09-02 10:00:00'",
          "'we-2', 'Plan card', 'archived later', 'archived', '2026-09-06 10:00:00'"]} -%}
  {%- set full = [('id', string), ('name', string), ('description', string), ('state', string),
                  ('created_time', timestamp), ('modified_time', timestamp), ('updated_time', timestamp),
                  ('created_by', string), ('modified_by', string)] -%}
  {%- set columns = {'event': full, 'page': full[:4] + [full[5]], 'element': full[:4] + [full[5]]} -%}
  {%- do adapter.create_schema(api.Relation.create(database=target.database, schema=schema)) -%}
  {%- for kind, values in rows.items() -%}
    {%- set relation = api.Relation.create(database=target.database, schema=schema,
                                           identifier=kind ~ '_definitions') -%}
    {%- set selects = [] -%}
    {%- for row in values -%}
      {#- each value cast to its column's type, so that NULLs and time strings are typed -#}
      {%- set cells = modules.re.split(",\\s+(?=(?:[^']*'[^']*')*[^']*$)", row) -%}
      {%- set typed = [] -%}
      {%- for (name, type), cell in zip(columns[kind], cells) -%}
        {%- do typed.append('cast(' ~ cell ~ ' as ' ~ type ~ ') as ' ~ name) -%}
      {%- endfor -%}
      {%- do selects.append('select ' ~ typed | join(', ')) -%}
    {%- endfor -%}
    {%- do run_query('create or replace table ' ~ relation ~ ' as ' ~ selects | join(' union all ')) -%}
  {%- endfor -%}
{% endmacro %}
