{#- Var validation runs while dbt parses this file: a bad var stops every command early. -#}
{%- do dbt_fullstory.validate_vars() -%}

{#-
  One row per synced source row (duplicates included): typed, with the
  payloads parsed safely and the JSON paths of the events columns extracted
  (macros/events/staged_events.sql). Deduplication happens in `events`,
  which reads only the rows it needs.

  The source is the warehouse table, or the export's files read in place
  (fullstory_export_path): all of them, or on an incremental run of events
  only the partitions that run reads, so that creating this view does not
  list the whole history every hour (events and the reconciliation tests
  stage the files they need themselves: this view may be left from a run).
-#}

{{ dbt_fullstory.staged_events(
    dbt_fullstory.events_source_relation(source(*dbt_fullstory.events_source_name()))) }}
