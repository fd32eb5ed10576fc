{#-
  fullstory_min_event_time as a datetime. Jinja has no try/except and
  strptime raises on an impossible date, so the shape and the calendar
  (month lengths, leap years) are checked before parsing.
-#}

{% macro min_event_time() %}
  {#- The fullstory_min_event_time var as a datetime; a date or an ISO date and time. -#}
  {%- set raw = var('fullstory_min_event_time') -%}
  {%- set text = (raw | string) | trim -%}
  {%- for fmt in ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S'] -%}
    {%- set parsed = dbt_fullstory.try_strptime(text, fmt) -%}
    {%- if parsed is not none -%}{{ return(parsed) }}{%- endif -%}
  {%- endfor -%}
  {{ dbt_fullstory.var_error('fullstory_min_event_time', raw, 'a date such as 2000-01-01') }}
{% endmacro %}

{% macro try_strptime(text, fmt) %}
  {#- Jinja has no try/except: check the shape first, then parse. -#}
  {%- set shapes = {
        '%Y-%m-%d': '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
        '%Y-%m-%d %H:%M:%S': '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$',
        '%Y-%m-%dT%H:%M:%S': '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$'} -%}
  {%- if not modules.re.match(shapes[fmt], text) -%}{{ return(none) }}{%- endif -%}
  {%- set parts = modules.re.split('[-T :]', text) | map('int') | list -%}
  {%- if parts[1] < 1 or parts[1] > 12 or parts[2] < 1 or parts[2] > 31
        or (parts | length > 3 and (parts[3] > 23 or parts[4] > 59 or parts[5] > 59)) -%}
    {{ return(none) }}
  {%- endif -%}
  {%- set month_days = [31, 29 if (parts[0] % 4 == 0 and (parts[0] % 100 != 0 or parts[0] % 400 == 0)) else 28,
                        31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
  {%- if parts[2] > month_days[parts[1] - 1] -%}{{ return(none) }}{%- endif -%}
  {{ return(modules.datetime.datetime.strptime(text, fmt)) }}
{% endmacro %}
