{#- fullstory_conversions checked and normalized (the columns of sessions and users per conversion). -#}

{% macro conversions() %}
  {#-
    fullstory_conversions checked and normalized: a list of
    {name, event_type?, event_name?, event_definition_id?} with the name in
    lower case (it names columns) and the values as text; event_name without
    event_type means a custom event. The sessions and users models count the
    events whose given fields all equal these.
  -#}
  {%- set raw = var('fullstory_conversions', none) -%}
  {%- set raw = [] if raw is none else raw -%}
  {%- set fields = ['event_type', 'event_name', 'event_definition_id'] -%}
  {%- if raw is string or raw is mapping or raw is not iterable -%}
    {{ dbt_fullstory.var_error('fullstory_conversions', raw,
         'a list of conversions such as [{name: purchase, event_name: Order Completed}]') }}
  {%- endif -%}
  {%- set normalized = [] -%}
  {%- for conversion in raw -%}
    {%- if conversion is not mapping -%}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion: a mapping such as {name: purchase, event_name: Order Completed}') }}
    {%- endif -%}
    {%- set unknown = conversion.keys() | reject('in', ['name'] + fields) | list -%}
    {%- if unknown -%}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion with only the keys name, ' ~ fields | join(', ') ~ ' (unknown: ' ~ unknown | join(', ') ~ ')') }}
    {%- endif -%}
    {%- set name = conversion.get('name') -%}
    {%- if name is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', name) -%}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion whose name is an identifier (letters, digits, underscores; it names the columns total_<name>_conversions)') }}
    {%- endif -%}
    {%- if name | lower == 'seen' -%}
      {#- users.first_<name>_time would be users' own first_seen_time -#}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion whose columns are its own (first_seen_time is already a column of users)') }}
    {%- endif -%}
    {%- set given = {} -%}
    {%- for field in fields if conversion.get(field) is not none -%}
      {%- set value = conversion[field] -%}
      {%- if value is mapping or value is boolean or (value is not string and value is not number)
            or (value | string) == '' -%}
        {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
             'a conversion whose ' ~ field ~ ' is a non-empty text') }}
      {%- endif -%}
      {%- do given.update({field: value | string}) -%}
    {%- endfor -%}
    {%- if not given -%}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion with at least one of ' ~ fields | join(', ')) }}
    {%- endif -%}
    {%- if 'event_type' in given and not modules.re.match('^[a-z][a-z0-9_]*$', given['event_type']) -%}
      {#- FullStory writes event types in lower case: Click would count no click -#}
      {{ dbt_fullstory.var_error('fullstory_conversions', conversion,
           'a conversion whose event_type is an event type in lower case, such as click') }}
    {%- endif -%}
    {%- if 'event_name' in given and 'event_type' not in given -%}
      {%- do given.update({'event_type': 'custom'}) -%}
    {%- endif -%}
    {%- if name | lower in normalized | map(attribute='name') | list -%}
      {{ dbt_fullstory.var_error('fullstory_conversions', raw,
           'a list of conversions with distinct names (' ~ name | lower ~ ' is there twice; names ignore case)') }}
    {%- endif -%}
    {%- set entry = {'name': name | lower} -%}
    {%- for field in fields if field in given -%}
      {%- do entry.update({field: given[field]}) -%}
    {%- endfor -%}
    {%- do normalized.append(entry) -%}
  {%- endfor -%}
  {{- return(normalized) -}}
{% endmacro %}
