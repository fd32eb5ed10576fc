{#-
  Post-hook of users: an incremental run returns each user that no longer
  has a session (the anon_<device_id> user of a device that identified) as
  a row whose columns but user_id are NULL, so that the merge, which only
  adds and replaces rows, replaces its stored row; this deletes those rows.
  No real user has a NULL total_sessions (it counts at least one session).
-#}
{% macro delete_users_without_sessions() %}
  {%- if not execute or not is_incremental() -%}{{ return('') }}{%- endif -%}
  {{- return('delete from ' ~ this ~ ' where total_sessions is null') -}}
{% endmacro %}
