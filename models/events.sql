{#-
  One row per event_id: the synced copy that comes first in the total order
  of event_version.sql (greatest updated_time, NULL counting as
  processed_time, then processed_time, event_time, a hash of the content),
  whatever the row order of the source. Incremental
  runs re-read the source rows whose updated_time is within
  fullstory_incremental_interval of the newest one already loaded.
-#}

{{ config(
    full_refresh=dbt_fullstory.allow_refresh(),
    incremental_strategy=dbt_fullstory.events_incremental_strategy()
) }}
{#- a dependency (dbt's `-- depends_on:`): its hooks read and write the manifest, built first -#}
{%- do ref('dbt_fullstory', 'fullstory_model_settings') -%}
{%- do dbt_fullstory.check_not_own_source() -%}
{%- do dbt_fullstory.check_stored_events_columns() -%}
{%- set read = dbt_fullstory.events_read_bounds(ref('dbt_fullstory', 'stg_fullstory__events')) -%}
{#- the staged columns that are not read from the payloads, in the contract's order -#}
{%- set typed_columns = ['event_id', 'event_time', 'processed_time', 'updated_time', 'device_id', 'session_id',
                         'view_id', 'full_session_id', 'event_type', 'source_type'] -%}

{#-
  Row filters come before deduplication, so that every run ranks the same
  candidates: a copy without event_type, or before fullstory_min_event_time,
  never displaces a good copy. A stored event whose copies all lie before the
  lookback keeps its row; any copy inside it beats those by construction
  (greater updated_time), so ranking the re-read rows alone gives the winner
  a full refresh would.
-#}

with candidate_rows as (

    -- the staged columns but the ones taken from the payloads: those are
    -- extracted from the winning copies only, below (event_payload_columns)
    select
        {{ typed_columns | join(",\n        ") }},
        event_properties,
        source_properties,
        -- the last tie-break of the version order (event_version.sql)
        {{ dbt_fullstory.event_content_hash() }} as content_hash
    from {{ read.relation }}
    where
        {{ read.conditions | join("\n        and ") }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by {{ dbt_fullstory.event_version_order(hash_column='content_hash') }}
        ) as version_rank
    from candidate_rows

)

select
    {{ typed_columns | join(",\n    ") }},
    {{ dbt_fullstory.event_payload_columns() }},
    event_properties,
    source_properties
from ranked
where
    version_rank = 1
    {% if is_incremental() -%}
    -- Write only what changes: a re-read row that does not beat the stored
    -- version of its event (same or older) is left out, so a run with no new
    -- source rows writes nothing and the lookback costs reads, not writes.
        and not exists (
            select 1 from {{ this }} as stored_event
            where
                stored_event.event_id = ranked.event_id
                {%- if read.event_time_bound is not none %}
                    -- a stored row that beats a re-read row was itself re-read
                    -- (its updated_time is as recent), so the bound keeps it
                    and stored_event.event_time >= {{ read.event_time_bound }}
                {%- endif %}
                -- the stored version comes first in the order of the ranking above, or is the same copy
                and {{ dbt_fullstory.event_version_at_least(
                    dbt_fullstory.event_version_keys('stored_event'),
                    dbt_fullstory.event_version_keys('ranked', hash_column='content_hash')) }}
        )
    {%- endif %}
{{ dbt_fullstory.events_storage_order() }}
