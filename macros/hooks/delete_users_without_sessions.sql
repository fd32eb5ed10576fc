{#-
  Post-hook of users: an incremental run rebuilds the users whose sessions
  changed, and the merge only adds and replaces rows, so a user left without
  any session (the anon_<device_id> user of a device that identified) keeps
  its stored row; this deletes the users that no session holds. It reads
  user_id of every user and every session (one column each).
-#}
{% macro delete_users_without_sessions() %}
  {%- if not execute or not is_incremental() -%}{{ return('') }}{%- endif -%}
  {#- render(): the relation's name; under --empty ref() would be an empty subquery, and every user would go -#}
  {%- set sessions = ref('dbt_fullstory', 'sessions').render() -%}
  {#- uncorrelated, as BigQuery and Snowflake take it in a DELETE; no session has a NULL user_id -#}
  {{- return('delete from ' ~ this ~ ' where user_id not in (select user_id from ' ~ sessions
             ~ ' where user_id is not null)') -}}
{% endmacro %}
