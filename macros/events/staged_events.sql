{#-
  The staged events of a relation with FullStory's columns: one row per synced
  source row (duplicates included), typed, with the payloads parsed safely and
  the JSON paths of the events columns extracted (event_payload_columns). The
  body of stg_fullstory__events; events calls it too, on the export's recent files,
  for an incremental run that reads only those (export_events_relation).
-#}

{% macro staged_events(relation, passthrough=[]) %}
{#- passthrough: columns of the relation carried as they are (the export's partition, ingested_time) -#}
{%- set source_types = dbt_fullstory.source_column_types(relation) -%}
{%- do dbt_fullstory.check_source_columns(relation, source_types) -%}
with source_rows as (

    select * from {{ relation }}

),

typed as (

    select
        {{ dbt_fullstory.typed_column('event_id', dbt.type_string(), source_types) }} as event_id,
        {{ dbt_fullstory.typed_column('event_time', dbt.type_timestamp(), source_types) }} as event_time,
        {{ dbt_fullstory.typed_column('processed_time', dbt.type_timestamp(), source_types) }} as processed_time,
        {%- if dbt_fullstory.source_format() == 'export' %}
            {{ dbt_fullstory.timestamp_from_epoch_ms('updated_time') }} as source_updated_time,
        {%- else %}
            {{ dbt_fullstory.typed_column('updated_time', dbt.type_timestamp(), source_types) }} as source_updated_time,
        {%- endif %}
        {{ dbt_fullstory.typed_column('device_id', dbt.type_bigint(), source_types) }} as device_id,
        {{ dbt_fullstory.typed_column('session_id', dbt.type_bigint(), source_types) }} as session_id,
        {{ dbt_fullstory.typed_column('view_id', dbt.type_bigint(), source_types) }} as view_id,
        {{ dbt_fullstory.typed_column('event_type', dbt.type_string(), source_types) }} as event_type,
        {{ dbt_fullstory.typed_column('source_type', dbt.type_string(), source_types) }} as source_type,
        {{ dbt_fullstory.safe_json('event_properties', source_types.get('event_properties')) }} as event_properties,
        {{ dbt_fullstory.safe_json('source_properties', source_types.get('source_properties')) }} as source_properties
        {%- for column in passthrough %},
        {{ column }}
        {%- endfor %}
    from source_rows

)

select
    event_id,
    event_time,
    processed_time,
    -- object-storage syncs leave updated_time NULL: processed_time stands in
    coalesce(source_updated_time, processed_time) as updated_time,
    device_id,
    session_id,
    view_id,
    {{ dbt_fullstory.full_session_id('device_id', 'session_id') }} as full_session_id,
    event_type,
    source_type,

    {{ dbt_fullstory.event_payload_columns() }},

    event_properties,
    source_properties
    {%- for column in passthrough %},
    {{ column }}
    {%- endfor %}

from typed
{% endmacro %}
