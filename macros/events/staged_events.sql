{#-
  The staged events of a relation with FullStory's columns: one row per synced
  source row (duplicates included), typed, with the payloads parsed safely and
  the JSON paths of the events columns extracted. The body of
  stg_fullstory__events; events calls it too, on the export's recent files,
  for an incremental run that reads only those (export_events_relation).
-#}

{% macro staged_events(relation) %}
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

    {{ dbt_fullstory.json_string('event_properties', 'user_id') }} as user_id,
    {{ dbt_fullstory.json_string('event_properties', 'user_email') }} as user_email,
    {{ dbt_fullstory.json_string('event_properties', 'user_display_name') }} as user_display_name,

    {{ dbt_fullstory.json_string('source_properties', 'url.full_url') }} as url_full_url,
    {{ dbt_fullstory.json_string('source_properties', 'url.host') }} as url_host,
    {{ dbt_fullstory.json_string('source_properties', 'url.path') }} as url_path,
    {{ dbt_fullstory.json_string('source_properties', 'url.query') }} as url_query,
    {{ dbt_fullstory.json_string('source_properties', 'url.hash_path') }} as url_hash_path,
    {{ dbt_fullstory.json_string('source_properties', 'url.hash_query') }} as url_hash_query,
    {{ dbt_fullstory.json_string('source_properties', 'initial_referrer.full_url') }} as initial_referrer_full_url,
    {{ dbt_fullstory.json_string('source_properties', 'initial_referrer.host') }} as initial_referrer_host,

    {{ dbt_fullstory.json_string('source_properties', 'user_agent.raw_user_agent') }} as device_user_agent,
    {{ dbt_fullstory.json_string('source_properties', 'user_agent.device') }} as device_type,
    {{ dbt_fullstory.json_string('source_properties', 'user_agent.operating_system') }} as device_operating_system,
    {{ dbt_fullstory.json_string('source_properties', 'user_agent.browser') }} as device_browser,
    {{ dbt_fullstory.json_string('source_properties', 'user_agent.browser_version') }} as device_browser_version,

    {{ dbt_fullstory.json_string('source_properties', 'location.ip_address') }} as geo_ip_address,
    {{ dbt_fullstory.json_string('source_properties', 'location.country') }} as geo_country,
    {{ dbt_fullstory.json_string('source_properties', 'location.region') }} as geo_region,
    {{ dbt_fullstory.json_string('source_properties', 'location.city') }} as geo_city,
    {{ dbt_fullstory.json_string('source_properties', 'location.lat_long') }} as geo_lat_long,

    {{ dbt_fullstory.json_string('event_properties', 'target.text') }} as target_text,
    {{ dbt_fullstory.json_boolean('event_properties', 'target.masked') }} as target_masked,
    {{ dbt_fullstory.json_string('event_properties', 'target.raw_selector') }} as target_raw_selector,
    {{ dbt_fullstory.json_string('event_properties', 'target.element_definition_id') }} as target_element_definition_id,

    {{ dbt_fullstory.json_string('event_properties', 'event_name') }} as event_name,
    {{ dbt_fullstory.json_string('event_properties', 'event_definition_id') }} as event_definition_id,
    {{ dbt_fullstory.json_string('source_properties', 'page_definition_id') }} as page_definition_id,

    -- frustration signals, on clicks only: a click without a usable count has 0, other events NULL
    case when event_type = 'click' then
        coalesce({{ dbt_fullstory.json_whole_number('event_properties', 'fs_rage_count') }}, 0)
    end as fs_rage_count,
    case when event_type = 'click' then
        coalesce({{ dbt_fullstory.json_whole_number('event_properties', 'fs_dead_count') }}, 0)
    end as fs_dead_count,
    case when event_type = 'click' then
        nullif({{ dbt_fullstory.json_string('event_properties', 'fs_error_kind') }}, '')
    end as fs_error_kind,

    event_properties,
    source_properties

from typed
{% endmacro %}
