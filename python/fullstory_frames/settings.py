"""The vars the Python models need, as their YAML config passes them in `meta`.

validate_vars() checks every var in Jinja while dbt parses the project, and
models/_fullstory__sessions.yml and _users.yml render the normalized values
into `meta`: a Python model cannot call var(). Nothing here checks a var again.
"""

import datetime
from dataclasses import dataclass
from typing import Optional, Tuple


@dataclass(frozen=True)
class Settings:
    event_types: Tuple[str, ...]
    replay_url_prefix: Optional[str]  # what a replay_url puts before the full_session_id; None without an org id
    incremental_interval: datetime.timedelta = datetime.timedelta(days=7)

    @classmethod
    def from_meta(cls, meta):
        meta = meta or {}
        event_types = str(meta.get("fullstory_event_types") or "").split(",")
        return cls(
            event_types=tuple(t for t in event_types if t),
            replay_url_prefix=meta.get("fullstory_replay_url_prefix") or None,
            # 0 is a value (no lookback), not a missing one
            incremental_interval=datetime.timedelta(
                seconds=int(meta.get("fullstory_incremental_interval_seconds", 7 * 86400))
            ),
        )
