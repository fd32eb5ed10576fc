"""Stand-ins for the package's macros, for sqlfluff's jinja templater.

sqlfluff lints the SQL a template renders to, without a warehouse; these
functions render each `dbt_fullstory.<macro>(...)` call to SQL of the same
shape as the DuckDB variant renders (macros/), so that the models parse.
They are only for linting: dbt never reads this folder.
"""


def validate_vars():
    return ""


# the var fullstory_event_types, for the event_type_rollup stand-in (not a macro)
EVENT_TYPES = ["click", "navigate"]


def source_column_types(relation):
    return {}


def min_event_time():
    return "2000-01-01 00:00:00"


def timestamp_literal(value):
    return "cast('2000-01-01 00:00:00.000000' as timestamp)"


def incremental_lower_bound(relation, column="updated_time", report_future=True):
    return timestamp_literal(None)


def incremental_event_time_bound(relation, row_filter):
    return timestamp_literal(None)


def allow_refresh():
    return None


def events_incremental_strategy():
    return "delete+insert"  # DuckDB's, without fullstory_max_lateness


def check_not_own_source():
    return ""


def check_stored_events_columns():
    return ""


def events_storage_order():
    return "order by event_time"  # the DuckDB variant: .sqlfluff lints the duckdb dialect


def events_read_bounds(staged_events):
    # a full build: the incremental branch of events.sql is linted as the
    # jinja templater covers unreached branches, with no bound
    return {"relation": staged_events, "conditions": event_row_conditions(), "event_time_bound": None}


def typed_column(column, type, source_types=None):
    return f"try_cast({column} as {type})"


def safe_json(column, data_type=None):
    return f"case when json_valid({column}) then cast({column} as json) end"


def json_string(json, path):
    return f"json_extract_string({json}, '$.{path}')"


def json_boolean(json, path):
    return f"case lower({json_string(json, path)}) when 'true' then true when 'false' then false end"


def json_nonblank_string(json, path):
    text = json_string(json, path)
    return f"case when trim({text}) <> '' then {text} end"


def full_match(text, pattern):
    return f"regexp_full_match({text}, '{pattern}')"


def json_whole_number(json, path):
    text = json_string(json, path)
    return f"case when regexp_full_match({text}, '[0-9]+') then try_cast({text} as bigint) end"


def full_session_id(device_id, session_id):
    return (
        f"case when {session_id} is not null and {device_id} is not null then "
        f"cast({device_id} as varchar) || ':' || cast({session_id} as varchar) end"
    )


def replay_url(device_id, session_id):
    return f"'https://app.fullstory.com/ui/o-1/session/' || {full_session_id(device_id, session_id)}"


def event_type_rollup(event_type_column="event_type"):
    return ",\n".join(
        f"count(case when {event_type_column} = '{t}' then 1 end) as total_{t}_events" for t in EVENT_TYPES
    )


def check_source_columns(relation, source_types):
    return ""


def run_started_utc():
    return None


def incremental_interval_seconds():
    return 604800


def event_version_order(hash_column=None):
    return "updated_time desc nulls last, processed_time desc nulls last, event_time desc nulls last"


def event_version_keys(relation=None, hash_column=None):
    prefix = f"{relation}." if relation else ""
    return [f"{prefix}updated_time", f"{prefix}processed_time", f"{prefix}event_time", f"{prefix}content_hash"]


def event_content_hash(prefix=""):
    return f"md5(coalesce(cast({prefix}event_type as varchar), ''))"


def event_version_at_least(lefts, rights):
    return f"({lefts[0]} >= {rights[0]})"


def event_row_conditions(time_only=False):
    on_time = [f"event_time >= {timestamp_literal(None)}", "updated_time is not null"]
    return on_time if time_only else ["event_id is not null", "event_id <> ''", "event_type is not null", *on_time]


def source_format():
    return "table"


def timestamp_from_epoch_ms(column):
    return f"epoch_ms(cast({column} as bigint))"


def events_source_name():
    return ["fullstory", "events"]


def check_export_files(patterns=None, lower_bound=None):
    return patterns


def events_source_relation(events_source):
    return events_source


def macro_body(path, name, **arguments):
    """A macro of the package rendered with these stand-ins: staging's SQL and
    the payload columns live in macros (events uses them too), and sqlfluff
    renders a macro file to nothing."""
    import pathlib
    import sys

    import jinja2

    text = (pathlib.Path(__file__).resolve().parents[2] / "macros" / path).read_text()
    body = text[text.index("%}", text.index("{% macro " + name)) + 2 : text.rindex("{", 0, text.rindex("endmacro"))]
    environment = jinja2.Environment(extensions=["jinja2.ext.do"])
    stand_ins = {"dbt_fullstory": sys.modules[__name__], "dbt": sys.modules["dbt"]}
    return environment.from_string(body).render(**arguments, **stand_ins)


def staged_events(relation, passthrough=()):
    return macro_body("events/staged_events.sql", "staged_events", relation=relation, passthrough=passthrough)


def event_payload_columns():
    return macro_body("events/event_payload_columns.sql", "event_payload_columns")


def definitions_source_name():
    return "fullstory_definitions"


DEFINITIONS_COLUMNS = {"id": "varchar", "name": "varchar", "description": "varchar", "state": "varchar",
                       "created_time": "timestamp", "modified_time": "timestamp", "updated_time": "timestamp",
                       "created_by": "varchar", "modified_by": "varchar"}  # fmt: skip


def definitions_rows(kind, relation):
    columns = ",\n    ".join(f"try_cast({c} as {t}) as {c}" for c, t in DEFINITIONS_COLUMNS.items())
    return f"select\n    {columns}\nfrom {relation}\n"


def latest_definitions(relation):
    columns = ",\n    ".join(DEFINITIONS_COLUMNS)
    return (
        f"select\n    {columns}\nfrom (\n    select\n        *,\n        row_number() over (\n"
        f"            partition by id order by modified_time desc nulls last\n        ) as definition_rank\n"
        f"    from {relation}\n    where id is not null\n) as ranked\nwhere definition_rank = 1\n"
    )


def incremental_lower_bound_value(relation, column="updated_time", report_future=True, exact=False):
    return "2000-01-01"  # any value: timestamp_literal renders the same literal


def lateness_bound(lower_bound):
    return "2000-01-01"


def all_staged_events(staged_events, passthrough=()):
    return staged_events


def python_model_settings():
    return {"fullstory_event_types": "click,navigate", "fullstory_replay_url_prefix": None}


def text_literal(text):
    return "null" if text is None else "'" + str(text).replace("'", "''") + "'"
