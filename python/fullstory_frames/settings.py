"""The vars the Python models need, as the model fullstory_settings holds them.

A Python model can call neither var() nor a macro: the package's macros check
and normalize the vars (python_model_settings) into the rows of the model
fullstory_settings, one per var, and each Python model reads those rows.
Nothing here checks a var again.
"""

import datetime
import json
from dataclasses import dataclass
from typing import Optional, Tuple

# the event fields a conversion can name, in the order the columns' conditions list them
CONVERSION_FIELDS = ("event_type", "event_name", "event_definition_id")


@dataclass(frozen=True)
class Conversion:
    name: str  # lower case: it names the columns total_<name>_conversions, first_<name>_time
    criteria: Tuple[Tuple[str, str], ...]  # (events column, text it must equal), all of them


@dataclass(frozen=True)
class Settings:
    event_types: Tuple[str, ...]
    replay_url_prefix: Optional[str]  # what a replay_url puts before the full_session_id; None without an org id
    incremental_interval: datetime.timedelta = datetime.timedelta(days=7)
    timezone: str = "UTC"  # of the *_date columns
    conversions: Tuple[Conversion, ...] = ()

    @classmethod
    def from_values(cls, meta):
        """The settings from {setting_name: setting_value}, the rows of fullstory_settings."""
        meta = meta or {}
        event_types = str(meta.get("fullstory_event_types") or "").split(",")
        return cls(
            event_types=tuple(t for t in event_types if t),
            replay_url_prefix=meta.get("fullstory_replay_url_prefix") or None,
            # 0 is a value (no lookback), not a missing one
            incremental_interval=datetime.timedelta(
                seconds=int(meta.get("fullstory_incremental_interval_seconds", 7 * 86400))
            ),
            timezone=meta.get("fullstory_timezone") or "UTC",
            conversions=tuple(map(conversion, json.loads(meta.get("fullstory_conversions") or "null") or ())),
        )


def conversion(entry):
    """One entry of fullstory_conversions as the conversions() macro normalized it
    (name in lower case, values as text, event_type custom for an event_name alone)."""
    return Conversion(entry["name"], tuple((f, entry[f]) for f in CONVERSION_FIELDS if f in entry))


def read_settings(relation):
    """The settings from what dbt.ref() returned for fullstory_settings: a row per var, a
    handful of rows, fetched whole (a DuckDB relation, a Snowpark or PySpark DataFrame)."""
    rows = relation.fetchall() if hasattr(relation, "fetchall") else relation.collect()
    return Settings.from_values({str(name).lower(): value for name, value in rows})
