{#-
  The events columns taken from the payloads, as a select list over a relation
  with the staged columns (event_properties and source_properties parsed,
  event_type). The staging view selects them for every synced row; events
  selects them again after deduplication, from the winning copies only, so a
  full build does not extract some thirty JSON paths from copies it then drops
  nor carry them through the ranking (about 12% of its time at 5M events).
-#}

{% macro event_payload_columns() %}
-- identity: an empty or blank value is none (a uid "" would make one user of unrelated devices)
    {{ dbt_fullstory.json_nonblank_string('event_properties', 'user_id') }} as user_id,
    {{ dbt_fullstory.json_nonblank_string('event_properties', 'user_email') }} as user_email,
    {{ dbt_fullstory.json_nonblank_string('event_properties', 'user_display_name') }} as user_display_name,

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
    end as fs_error_kind
{%- endmacro %}
