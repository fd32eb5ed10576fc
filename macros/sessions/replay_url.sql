{#-
  Session replay link: https://<host>/ui/<org id>/session/<device_id>:<session_id>.
  NULL when fullstory_org_id is not set or either id is NULL. The Python
  models build the same string from the same vars (they cannot call macros).
-#}

{% macro replay_url(device_id, session_id) %}
  {%- set org_id = var('fullstory_org_id', none) -%}
  {%- if org_id is none -%}
    cast(null as {{ dbt.type_string() }})
  {%- else -%}
    {{ dbt.concat([
        "'https://" ~ var('fullstory_replay_host') ~ "/ui/" ~ org_id ~ "/session/'",
        dbt_fullstory.full_session_id(device_id, session_id)]) }}
  {%- endif -%}
{% endmacro %}

{% macro full_session_id(device_id, session_id) %}
  {#- NULL when either id is NULL. A plain cast: an integer always converts,
      and Snowflake's try_cast takes only strings. -#}
  case when {{ session_id }} is not null and {{ device_id }} is not null then
    {{ dbt.concat(["cast(" ~ device_id ~ " as " ~ dbt.type_string() ~ ")", "':'",
                   "cast(" ~ session_id ~ " as " ~ dbt.type_string() ~ ")"]) }}
  end
{%- endmacro %}
