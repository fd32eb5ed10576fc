{#- The "synced" FullStory table as it stands after batch `scenario_batch`:
    tests load batch 1, run the package, then batch 2 and run it again.
    scenario_row_order (asc, desc): the rows are written in that order of
    (event_id, scenario), which puts copies of an event in opposite orders;
    the package's tables must not depend on it. scenario_source_format:
    export gives the table the types of FullStory's Parquet export. -#}
{{ config(materialized='table') }}
{%- set export = var('scenario_source_format', 'table') == 'export' %}

select
    batch,
    scenario,
    -- a CSV seed cannot hold an empty string (it loads as NULL): spelled <empty> there
    case when event_id = '<empty>' then '' else event_id end as event_id,
    {%- if export %}
        {{ scenario_export_time('event_time', '-04:00') }} as event_time,
        {{ scenario_export_time('processed_time') }} as processed_time,
        {{ scenario_epoch_ms('updated_time') }} as updated_time,
    {%- else %}
        {{ scenario_time('event_time') }} as event_time,
        {{ scenario_time('processed_time') }} as processed_time,
        {{ scenario_time('updated_time') }} as updated_time,
    {%- endif %}
    device_id,
    session_id,
    view_id,
    event_type,
    {{ 'event_properties' if export else source_json('event_properties') }} as event_properties,
    source_type,
    {{ 'source_properties' if export else source_json('source_properties') }} as source_properties
from {{ ref('scenario_events') }}
where batch <= {{ var('scenario_batch') }}
{%- if var('scenario_row_order', none) in ['asc', 'desc'] %}
    order by event_id {{ var('scenario_row_order') }}, scenario {{ var('scenario_row_order') }}
{%- endif %}
