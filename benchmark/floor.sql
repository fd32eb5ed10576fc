-- The floor: dbt_fullstory's four tables computed by hand-written DuckDB SQL,
-- with no dbt and no Python in between, every column the package builds.
-- python/benchmark.py times it against the package on the same data and
-- checks that the tables are equal. It is written from the package's
-- contract (the models' YAML, docs/), not from its code.
-- It reads a synced table as the generator writes it (typed columns, JSON
-- payloads in strings) and writes floor.events, floor.sessions, floor.users
-- and floor.pages. The placeholders in braces (the source, event type counts
-- and sums, the conversions' columns, the replay URL prefix, the min event
-- time, the reporting time zone, the page definitions' names) are filled in by
-- python/benchmark.py (floor_script) from the vars of the run it checks.
-- It is also the test suite's oracle: python/tests/test_user_project.py
-- compares every column of a user's project built by the package with it.

create schema if not exists floor;

create or replace table floor.events as
with parsed as (
    select
        * replace (
            coalesce(updated_time, processed_time) as updated_time,
            case when json_valid(event_properties) then event_properties::json end as event_properties,
            case when json_valid(source_properties) then source_properties::json end as source_properties
        )
    from {source}
    where event_id <> '' and event_type is not null and event_time >= {min_event_time}
        and coalesce(updated_time, processed_time) is not null
),

latest as (
    select * from parsed
    -- the package's total order: then event_time, then an md5 of the rest of the row
    qualify row_number() over (
        partition by event_id
        order by updated_time desc nulls last, processed_time desc nulls last, event_time desc,
            md5(concat_ws('|', coalesce(event_type, ''), coalesce(source_type, ''), coalesce(device_id::varchar, ''),
                coalesce(session_id::varchar, ''), coalesce(view_id::varchar, ''),
                coalesce(event_properties::varchar, ''), coalesce(source_properties::varchar, ''))) desc
    ) = 1
)

select
    event_id, event_time, processed_time, updated_time, device_id, session_id, view_id,
    case when session_id is not null and device_id is not null
         then device_id::varchar || ':' || session_id::varchar end as full_session_id,
    event_type, source_type,
    -- an empty or blank identity field is none
    case when trim(event_properties ->> '$.user_id') <> '' then event_properties ->> '$.user_id' end as user_id,
    case when trim(event_properties ->> '$.user_email') <> '' then event_properties ->> '$.user_email' end
        as user_email,
    case when trim(event_properties ->> '$.user_display_name') <> '' then event_properties ->> '$.user_display_name' end
        as user_display_name,
    source_properties ->> '$.url.full_url' as url_full_url,
    source_properties ->> '$.url.host' as url_host,
    source_properties ->> '$.url.path' as url_path,
    source_properties ->> '$.url.query' as url_query,
    source_properties ->> '$.url.hash_path' as url_hash_path,
    source_properties ->> '$.url.hash_query' as url_hash_query,
    source_properties ->> '$.initial_referrer.full_url' as initial_referrer_full_url,
    source_properties ->> '$.initial_referrer.host' as initial_referrer_host,
    source_properties ->> '$.user_agent.raw_user_agent' as device_user_agent,
    source_properties ->> '$.user_agent.device' as device_type,
    source_properties ->> '$.user_agent.operating_system' as device_operating_system,
    source_properties ->> '$.user_agent.browser' as device_browser,
    source_properties ->> '$.user_agent.browser_version' as device_browser_version,
    source_properties ->> '$.location.ip_address' as geo_ip_address,
    source_properties ->> '$.location.country' as geo_country,
    source_properties ->> '$.location.region' as geo_region,
    source_properties ->> '$.location.city' as geo_city,
    source_properties ->> '$.location.lat_long' as geo_lat_long,
    event_properties ->> '$.target.text' as target_text,
    case lower(event_properties ->> '$.target.masked') when 'true' then true when 'false' then false end
        as target_masked,
    event_properties ->> '$.target.raw_selector' as target_raw_selector,
    event_properties ->> '$.target.element_definition_id' as target_element_definition_id,
    event_properties ->> '$.event_name' as event_name,
    event_properties ->> '$.event_definition_id' as event_definition_id,
    source_properties ->> '$.page_definition_id' as page_definition_id,
    -- on clicks: a whole number up to 2^31 - 1 (a JSON integer or a string of digits, not -1), else 0,
    -- and NULL on other events
    case when event_type = 'click' then coalesce(case
        when regexp_full_match(event_properties ->> '$.fs_rage_count', '[0-9]+')
            and try_cast(event_properties ->> '$.fs_rage_count' as hugeint) < 2147483648
        then try_cast(event_properties ->> '$.fs_rage_count' as bigint) end, 0) end as fs_rage_count,
    case when event_type = 'click' then coalesce(case
        when regexp_full_match(event_properties ->> '$.fs_dead_count', '[0-9]+')
            and try_cast(event_properties ->> '$.fs_dead_count' as hugeint) < 2147483648
        then try_cast(event_properties ->> '$.fs_dead_count' as bigint) end, 0) end as fs_dead_count,
    case when event_type = 'click' then nullif(event_properties ->> '$.fs_error_kind', '') end as fs_error_kind,
    event_properties,
    source_properties
from latest;

create or replace table floor.sessions as
with per_session as (
    -- arg_max skips NULL values: the latest non-NULL value, in (event_time, event_id) order,
    -- numbered per session (arg_max by the pair itself is several times slower)
    select
        full_session_id, device_id, session_id,
        arg_max(user_id, event_order) as identified_user_id,
        arg_max(event_time, event_order) filter (where user_id is not null) as identified_event_time,
        arg_max(event_id, event_order) filter (where user_id is not null) as identified_event_id,
        arg_max(user_email, event_order) as user_email,
        arg_max(user_display_name, event_order) as user_display_name,
        min(event_time) as start_time,
        max(event_time) as end_time,
        max(updated_time) as updated_time,
        count(*) as total_events,
        {conversion_aggregates}
        {event_type_counts},
        count(*) filter (where source_type = 'web') as total_web_events,
        count(*) filter (where source_type = 'mobile_app') as total_mobile_app_events,
        count(*) filter (where source_type = 'server') as total_server_events,
        count(*) filter (where event_type = 'navigate') as total_page_views,
        count(distinct url_full_url) filter (where event_type = 'navigate') as total_unique_urls,
        count(*) filter (where event_type = 'click') as total_clicks,
        sum(coalesce(fs_rage_count, 0))::bigint as total_rage_clicks,
        sum(coalesce(fs_dead_count, 0))::bigint as total_dead_clicks,
        count(*) filter (where event_type = 'click' and fs_error_kind is not null) as total_error_clicks,
        arg_min(url_full_url, event_order) as landing_url,
        arg_max(url_full_url, event_order) as exit_url,
        arg_min(initial_referrer_full_url, event_order) as initial_referrer_full_url,
        arg_max(source_type, event_order) filter (where source_type <> 'server') as source_type,
        arg_max(device_type, event_order) as device_type,
        arg_max(device_operating_system, event_order) as device_operating_system,
        arg_max(device_browser, event_order) as device_browser,
        arg_max(device_browser_version, event_order) as device_browser_version,
        arg_max(device_user_agent, event_order) as device_user_agent,
        arg_max(geo_country, event_order) as geo_country,
        arg_max(geo_region, event_order) as geo_region,
        arg_max(geo_city, event_order) as geo_city,
        arg_max(geo_lat_long, event_order) as geo_lat_long
    from (
        select *, row_number() over (partition by full_session_id order by event_time, event_id) as event_order
        from floor.events
        where full_session_id is not null
    )
    group by full_session_id, device_id, session_id
),

device_identity as (
    -- a device's latest identity, carried to all of its sessions
    select device_id, arg_max(identified_user_id, (identified_event_time, identified_event_id)) as device_user_id
    from per_session
    group by device_id
)

select
    s.*,
    -- a uid that begins with anon_ gets a second one: never a device's anonymous id
    coalesce(regexp_replace(coalesce(s.identified_user_id, d.device_user_id), '^anon_', 'anon_anon_'),
        'anon_' || s.device_id::varchar) as user_id,
    coalesce(s.identified_user_id, d.device_user_id) is not null as is_identified,
    (epoch_us(s.end_time) - epoch_us(s.start_time)) // 1000000 as duration_seconds,
    timezone({timezone}, timezone('UTC', s.start_time))::date as start_date,
    s.total_rage_clicks + s.total_dead_clicks + s.total_error_clicks > 0 as is_frustrated,
    {replay_url_prefix} || s.full_session_id as replay_url
from per_session as s
left join device_identity as d using (device_id);

create or replace table floor.users as
select
    user_id,
    arg_max_null(is_identified, (end_time, full_session_id)) as is_identified,
    arg_max(user_email, (end_time, full_session_id)) as user_email,
    arg_max(user_display_name, (end_time, full_session_id)) as user_display_name,
    min(start_time) as first_seen_time,
    max(end_time) as last_seen_time,
    count(*) as total_sessions,
    count(distinct device_id) as total_devices,
    sum(duration_seconds)::bigint as total_session_duration_seconds,
    sum(total_events)::bigint as total_events,
    sum(total_page_views)::bigint as total_page_views,
    {event_type_sums},
    {conversion_sums}
    count(*) filter (where source_type = 'web') as total_web_sessions,
    count(*) filter (where source_type = 'mobile_app') as total_mobile_app_sessions,
    sum(total_rage_clicks)::bigint as total_rage_clicks,
    sum(total_dead_clicks)::bigint as total_dead_clicks,
    sum(total_error_clicks)::bigint as total_error_clicks,
    count(*) filter (where is_frustrated) as total_frustrated_sessions,
    timezone({timezone}, timezone('UTC', min(start_time)))::date as first_seen_date,
    timezone({timezone}, timezone('UTC', max(end_time)))::date as last_seen_date,
    arg_max_null(device_type, (end_time, full_session_id)) as last_device_type,
    arg_max_null(device_operating_system, (end_time, full_session_id)) as last_device_operating_system,
    arg_max_null(device_browser, (end_time, full_session_id)) as last_device_browser,
    arg_max_null(geo_country, (end_time, full_session_id)) as last_geo_country,
    arg_max_null(geo_region, (end_time, full_session_id)) as last_geo_region,
    arg_max_null(geo_city, (end_time, full_session_id)) as last_geo_city,
    arg_max_null(replay_url, (end_time, full_session_id)) as last_replay_url,
    max(updated_time) as updated_time
from floor.sessions
group by user_id;

create or replace table floor.pages as
with view_events as (
    select *, row_number() over (partition by full_session_id, view_id order by event_time, event_id) as event_order
    from floor.events
    where full_session_id is not null and view_id is not null
),

per_view as (
    select
        full_session_id, device_id, session_id, view_id,
        min(event_time) as start_time,
        max(event_time) as end_time,
        -- the URL parts of the first event that has a url_full_url (its NULL parts too)
        arg_min(url_full_url, event_order) as page_url,
        arg_min_null(url_host, event_order) filter (where url_full_url is not null) as page_host,
        arg_min_null(url_path, event_order) filter (where url_full_url is not null) as page_path,
        arg_min(page_definition_id, event_order) as page_definition_id,
        count(*) as total_events,
        count(*) filter (where event_type = 'click') as total_clicks,
        sum(coalesce(fs_rage_count, 0))::bigint as total_rage_clicks,
        sum(coalesce(fs_dead_count, 0))::bigint as total_dead_clicks,
        count(*) filter (where event_type = 'click' and fs_error_kind is not null) as total_error_clicks,
        count(*) filter (where event_type = 'exception') as total_exceptions,
        max(updated_time) as updated_time
    from view_events
    group by full_session_id, device_id, session_id, view_id
),

numbered as (
    select
        *,
        row_number() over (partition by full_session_id order by start_time, view_id) as view_number,
        count(*) over (partition by full_session_id) as session_views
    from per_view
)

select
    v.full_session_id || ':' || v.view_id::varchar as full_view_id,
    v.full_session_id, v.device_id, v.session_id, v.view_id,
    s.user_id,
    v.start_time, v.end_time,
    (epoch_us(v.end_time) - epoch_us(v.start_time)) // 1000000 as duration_seconds,
    timezone({timezone}, timezone('UTC', v.start_time))::date as start_date,
    v.page_url, v.page_host, v.page_path, v.page_definition_id,
    names.name as page_name,
    v.view_number,
    v.view_number = 1 as is_landing_page,
    v.view_number = v.session_views as is_exit_page,
    v.total_events, v.total_clicks, v.total_rage_clicks, v.total_dead_clicks, v.total_error_clicks,
    v.total_rage_clicks + v.total_dead_clicks + v.total_error_clicks > 0 as is_frustrated,
    v.total_exceptions,
    v.updated_time,
    s.replay_url
from numbered as v
left join floor.sessions as s using (full_session_id)
left join {page_names} as names on v.page_definition_id = names.id;
