{#-
  Session replay link: https://<host>/ui/<org id>/session/<device_id>:<session_id>.
  NULL when fullstory_org_id is not set or either id is NULL. The Python
  models read the same prefix from the model fullstory_settings
  (python_model_settings()).
-#}

{% macro replay_url(device_id, session_id) %}
  {%- set prefix = dbt_fullstory.replay_url_prefix() -%}
  {%- if prefix is none -%}
    cast(null as {{ dbt.type_string() }})
  {%- else -%}
    {{ dbt.concat(["'" ~ prefix ~ "'", dbt_fullstory.full_session_id(device_id, session_id)]) }}
  {%- endif -%}
{% endmacro %}

{% macro replay_url_prefix() %}
  {#- What a replay link puts before the full_session_id; none without fullstory_org_id. -#}
  {%- set org_id = var('fullstory_org_id', none) -%}
  {{ return('https://' ~ var('fullstory_replay_host') ~ '/ui/' ~ org_id ~ '/session/' if org_id else none) }}
{% endmacro %}

{% macro full_session_id(device_id, session_id) %}
  {#- NULL when either id is NULL. A plain cast: an integer always converts,
      and Snowflake's try_cast takes only strings. -#}
  case when {{ session_id }} is not null and {{ device_id }} is not null then
    {{ dbt.concat(["cast(" ~ device_id ~ " as " ~ dbt.type_string() ~ ")", "':'",
                   "cast(" ~ session_id ~ " as " ~ dbt.type_string() ~ ")"]) }}
  end
{%- endmacro %}
