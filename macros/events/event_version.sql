{#-
  Which synced copy of an event is its version in `events`: a total order,
  so that every run, full or incremental, and every order of the source rows
  keeps the same copy. Greatest first:
    1. updated_time (processed_time where the sync left it NULL),
    2. processed_time,
    3. event_time,
    4. a hash of the rest of the copy (types, ids, both payloads): copies
       equal on 1-3 with different payloads otherwise went by row order.
  NULL counts as least. Copies equal on all four are the same row.
-#}

{% macro event_version_keys(relation=none, hash_column=none) %}
  {#- The ordering columns of a copy, greatest first; relation: the alias its
      columns are read from (none: unqualified); hash_column: a column that
      already holds event_content_hash (none: computed here). -#}
  {%- set prefix = (relation ~ '.') if relation else '' -%}
  {%- set content_hash = (prefix ~ hash_column) if hash_column else dbt_fullstory.event_content_hash(prefix) -%}
  {{- return([prefix ~ 'updated_time', prefix ~ 'processed_time', prefix ~ 'event_time', content_hash]) -}}
{% endmacro %}

{% macro event_version_order(hash_column=none) %}
  {#- An order by list (unqualified columns) that puts the winning copy first -#}
  {{- return(dbt_fullstory.event_version_keys(none, hash_column) | join(' desc nulls last, ') ~ ' desc nulls last') -}}
{% endmacro %}

{% macro event_version_at_least(lefts, rights) %}
  {#- A condition: the copy whose keys (event_version_keys) are `lefts` comes
      at or before the one whose keys are `rights` (a stored version that a
      re-read copy does not beat). One CASE per key, so that a later key
      (the hash) is computed only for pairs equal on every key before it;
      the hash, last, is never NULL. -#}
  {%- set condition = namespace(sql=lefts[-1] ~ ' >= ' ~ rights[-1]) -%}
  {%- for i in range(lefts | length - 2, -1, -1) -%}
    {%- set l, r = lefts[i], rights[i] -%}
    {#- NULL least; the else branch: equal, or both NULL -#}
    {%- set condition.sql = 'case when ' ~ l ~ ' > ' ~ r ~ ' then true when ' ~ l ~ ' < ' ~ r ~ ' then false'
          ~ ' when ' ~ l ~ ' is null and ' ~ r ~ ' is not null then false'
          ~ ' when ' ~ l ~ ' is not null and ' ~ r ~ ' is null then true'
          ~ ' else ' ~ condition.sql ~ ' end' -%}
  {%- endfor -%}
  {{- return('(' ~ condition.sql ~ ')') -}}
{% endmacro %}

{% macro event_content_hash(prefix='') %}
  {#- md5 (hex) of the copy's content beyond its times: the same text on every
      warehouse for the same compact JSON payloads. -#}
  {%- set parts = [] -%}
  {%- for column in ['event_type', 'source_type', 'device_id', 'session_id', 'view_id'] -%}
    {%- do parts.append("coalesce(cast(" ~ prefix ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
  {%- endfor -%}
  {%- for column in ['event_properties', 'source_properties'] -%}
    {%- do parts.append("coalesce(" ~ dbt_fullstory.json_text(prefix ~ column) ~ ", '')") -%}
  {%- endfor -%}
  {%- set fields = [] -%}
  {%- for part in parts -%}
    {%- do fields.extend(["'|'", part] if fields else [part]) -%}
  {%- endfor -%}
  {{- return(dbt.hash(dbt.concat(fields))) -}}
{% endmacro %}

{% macro json_text(json) %}
  {#- A JSON value made by safe_json() as its text -#}
  {{- return(adapter.dispatch('json_text', 'dbt_fullstory')(json)) -}}
{% endmacro %}

{% macro default__json_text(json) %}cast({{ json }} as {{ dbt.type_string() }}){% endmacro %}

{% macro snowflake__json_text(json) %}to_json({{ json }}){% endmacro %}

{% macro bigquery__json_text(json) %}to_json_string({{ json }}){% endmacro %}
