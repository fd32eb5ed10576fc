"""An independent computation of the events, sessions, users and pages columns the models YAML documents.

Plain Python over the raw synced rows: json.loads for the payloads, dicts and
sorts for the rest. It shares no code with the package (no SQL, no
fullstory_frames), so agreement between the two is evidence for both. Meant
for test-sized tables only.
"""

import hashlib
import json
import re
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

SOURCE_TYPES = ("web", "mobile_app", "server")


def parse(text):
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def valid_json(text):
    try:
        json.loads(text)
        return True
    except (TypeError, ValueError):
        return False


def at(payload, path):
    """The scalar at a dotted path, as a string (JSON's spelling for true/false)."""
    value = payload
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def boolean(text):
    return {"true": True, "false": False}.get((text or "").lower())


EVENT_PATHS = {
    "user_id": ("event_properties", "user_id"),
    "user_email": ("event_properties", "user_email"),
    "user_display_name": ("event_properties", "user_display_name"),
    "url_full_url": ("source_properties", "url.full_url"),
    "url_host": ("source_properties", "url.host"),
    "url_path": ("source_properties", "url.path"),
    "url_query": ("source_properties", "url.query"),
    "url_hash_path": ("source_properties", "url.hash_path"),
    "url_hash_query": ("source_properties", "url.hash_query"),
    "initial_referrer_full_url": ("source_properties", "initial_referrer.full_url"),
    "initial_referrer_host": ("source_properties", "initial_referrer.host"),
    "device_user_agent": ("source_properties", "user_agent.raw_user_agent"),
    "device_type": ("source_properties", "user_agent.device"),
    "device_operating_system": ("source_properties", "user_agent.operating_system"),
    "device_browser": ("source_properties", "user_agent.browser"),
    "device_browser_version": ("source_properties", "user_agent.browser_version"),
    "geo_ip_address": ("source_properties", "location.ip_address"),
    "geo_country": ("source_properties", "location.country"),
    "geo_region": ("source_properties", "location.region"),
    "geo_city": ("source_properties", "location.city"),
    "geo_lat_long": ("source_properties", "location.lat_long"),
    "target_text": ("event_properties", "target.text"),
    "target_raw_selector": ("event_properties", "target.raw_selector"),
    "target_element_definition_id": ("event_properties", "target.element_definition_id"),
    "event_name": ("event_properties", "event_name"),
    "event_definition_id": ("event_properties", "event_definition_id"),
    "page_definition_id": ("source_properties", "page_definition_id"),
}


def click_count(event_type, text):
    """fs_rage_count / fs_dead_count: on a click, a whole number (JSON integer or
    digit string) up to 2^31 - 1, else 0; NULL on other events."""
    if event_type != "click":
        return None
    if text is not None and re.fullmatch("[0-9]+", text) and int(text) < 2**31:
        return int(text)
    return 0


def nonblank(text):
    """An identity field: an empty or blank string is none."""
    return text if text is not None and text.strip() else None


def content_hash(row):
    """The last tie-break between copies with equal times: md5 (hex) of the
    types, ids and payload texts joined by |, NULL as empty."""
    parts = [row[c] for c in ("event_type", "source_type", "device_id", "session_id", "view_id")]
    parts += [text if valid_json(text) else None for text in (row["event_properties"], row["source_properties"])]
    return hashlib.md5("|".join("" if p is None else str(p) for p in parts).encode()).hexdigest()


def events(raw_rows, min_event_time):
    """raw_rows: dicts with the source columns. Returns {event_id: event dict}."""
    best = {}
    for row in raw_rows:
        updated = row["updated_time"] or row["processed_time"]
        if not row["event_id"] or row["event_type"] is None or row["event_time"] < min_event_time or not updated:
            continue
        key = (updated, row["processed_time"], row["event_time"], content_hash(row))
        if row["event_id"] not in best or key > best[row["event_id"]][0]:
            best[row["event_id"]] = (key, row)
    out = {}
    for event_id, ((updated, *_), row) in best.items():
        payloads = {name: parse(row[name]) for name in ("event_properties", "source_properties")}
        event = {
            "event_id": event_id,
            "event_time": row["event_time"],
            "processed_time": row["processed_time"],
            "updated_time": updated,
            "device_id": row["device_id"],
            "session_id": row["session_id"],
            "view_id": row["view_id"],
            "full_session_id": None
            if row["session_id"] is None or row["device_id"] is None
            else f"{row['device_id']}:{row['session_id']}",
            "event_type": row["event_type"],
            "source_type": row["source_type"],
            **{column: at(payloads[payload], path) for column, (payload, path) in EVENT_PATHS.items()},
            "target_masked": boolean(at(payloads["event_properties"], "target.masked")),
            "fs_rage_count": click_count(row["event_type"], at(payloads["event_properties"], "fs_rage_count")),
            "fs_dead_count": click_count(row["event_type"], at(payloads["event_properties"], "fs_dead_count")),
            **{
                c: nonblank(at(payloads["event_properties"], c)) for c in ("user_id", "user_email", "user_display_name")
            },
            "fs_error_kind": (at(payloads["event_properties"], "fs_error_kind") or None)
            if row["event_type"] == "click"
            else None,
            **payloads,
        }
        out[event_id] = event
    return out


def latest_non_null(rows, column, keep=lambda r: True):
    values = [r[column] for r in rows if r[column] is not None and keep(r)]
    return values[-1] if values else None


def local_date(utc_time, zone):
    """The calendar date of a naive UTC time in an IANA zone (zoneinfo applies its DST rules)."""
    return utc_time.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).date()


def click_signals(rows):
    clicks = [r for r in rows if r["event_type"] == "click"]
    totals = {
        "total_clicks": len(clicks),
        "total_rage_clicks": sum(r["fs_rage_count"] for r in clicks),
        "total_dead_clicks": sum(r["fs_dead_count"] for r in clicks),
        "total_error_clicks": sum(r["fs_error_kind"] is not None for r in clicks),
    }
    signals = totals["total_rage_clicks"] + totals["total_dead_clicks"] + totals["total_error_clicks"]
    return {**totals, "is_frustrated": signals > 0}


def counts_as(event, conversion):
    """conversion: the var's entry ({name, event_type?, event_name?, event_definition_id?})."""
    wanted = {f: conversion[f] for f in ("event_type", "event_name", "event_definition_id") if f in conversion}
    if "event_name" in wanted:
        wanted.setdefault("event_type", "custom")
    return all(event[f] is not None and str(event[f]) == str(v) for f, v in wanted.items())


def sessions(events_by_id, event_types, replay_host, org_id, zone="UTC", conversions=()):
    grouped = {}
    for e in events_by_id.values():
        if e["full_session_id"] is not None:
            grouped.setdefault(e["full_session_id"], []).append(e)
    device_identity = {}  # device -> (event_time, event_id, user_id) of its latest identified event
    for rows in grouped.values():
        for e in rows:
            if e["user_id"] is not None:
                key = (e["event_time"], e["event_id"], e["user_id"])
                device_identity[e["device_id"]] = max(device_identity.get(e["device_id"], key), key)
    out = {}
    for full_session_id, rows in grouped.items():
        rows.sort(key=lambda r: (r["event_time"], r["event_id"]))
        first, last = rows[0], rows[-1]
        identified = latest_non_null(rows, "user_id")
        device_user = device_identity.get(first["device_id"], (None, None, None))[2]
        navigate = [r for r in rows if r["event_type"] == "navigate"]
        session = {
            "full_session_id": full_session_id,
            "device_id": first["device_id"],
            "session_id": first["session_id"],
            "identified_user_id": identified,
            # a uid that begins with anon_ gets a second one: never a device's anonymous id
            "user_id": resolved(identified or device_user) or f"anon_{first['device_id']}",
            "is_identified": (identified or device_user) is not None,
            "user_email": latest_non_null(rows, "user_email"),
            "user_display_name": latest_non_null(rows, "user_display_name"),
            "start_time": first["event_time"],
            "end_time": last["event_time"],
            "duration_seconds": (last["event_time"] - first["event_time"]) // timedelta(seconds=1),
            "updated_time": max(r["updated_time"] for r in rows),
            "total_events": len(rows),
            "total_page_views": len(navigate),
            "total_unique_urls": len({r["url_full_url"] for r in navigate if r["url_full_url"] is not None}),
            "landing_url": next((r["url_full_url"] for r in rows if r["url_full_url"] is not None), None),
            "exit_url": latest_non_null(rows, "url_full_url"),
            "initial_referrer_full_url": next(
                (r["initial_referrer_full_url"] for r in rows if r["initial_referrer_full_url"] is not None), None
            ),
            "source_type": latest_non_null(rows, "source_type", lambda r: r["source_type"] != "server"),
            "replay_url": (f"https://{replay_host}/ui/{org_id}/session/{full_session_id}" if org_id else None),
        }
        session["start_date"] = local_date(first["event_time"], zone)
        session.update(click_signals(rows))
        for conversion in conversions:
            converted = [r["event_time"] for r in rows if counts_as(r, conversion)]
            name = conversion["name"].lower()
            session[f"total_{name}_conversions"] = len(converted)
            session[f"first_{name}_time"] = min(converted, default=None)
        for t in event_types:
            session[f"total_{t}_events"] = sum(r["event_type"] == t for r in rows)
        for s in SOURCE_TYPES:
            session[f"total_{s}_events"] = sum(r["source_type"] == s for r in rows)
        # the device and geo columns the models YAML documents as the session's latest non-NULL value
        device = "device_type device_operating_system device_browser device_browser_version device_user_agent"
        for column in (device + " geo_country geo_region geo_city geo_lat_long").split():
            session[column] = latest_non_null(rows, column)
        out[full_session_id] = session
    return out


def resolved(uid):
    return None if uid is None else "anon_" + uid if uid.startswith("anon_") else uid


def users(sessions_by_id, event_types, zone="UTC", conversions=()):
    grouped = {}
    for s in sessions_by_id.values():
        grouped.setdefault(s["user_id"], []).append(s)
    out = {}
    for user_id, rows in grouped.items():
        rows.sort(key=lambda r: (r["end_time"], r["full_session_id"]))
        last = rows[-1]
        user = {
            "user_id": user_id,
            "is_identified": any(r["is_identified"] for r in rows),
            "user_email": latest_non_null(rows, "user_email"),
            "user_display_name": latest_non_null(rows, "user_display_name"),
            "first_seen_time": min(r["start_time"] for r in rows),
            "last_seen_time": max(r["end_time"] for r in rows),
            "total_sessions": len(rows),
            "total_devices": len({r["device_id"] for r in rows}),
            "total_session_duration_seconds": sum(r["duration_seconds"] for r in rows),
            "total_events": sum(r["total_events"] for r in rows),
            "total_page_views": sum(r["total_page_views"] for r in rows),
            "total_web_sessions": sum(r["source_type"] == "web" for r in rows),
            "total_mobile_app_sessions": sum(r["source_type"] == "mobile_app" for r in rows),
            "last_replay_url": last["replay_url"],
            "updated_time": max(r["updated_time"] for r in rows),
        }
        user["first_seen_date"] = local_date(user["first_seen_time"], zone)
        user["last_seen_date"] = local_date(user["last_seen_time"], zone)
        for signal in ("rage", "dead", "error"):
            user[f"total_{signal}_clicks"] = sum(r[f"total_{signal}_clicks"] for r in rows)
        user["total_frustrated_sessions"] = sum(r["is_frustrated"] for r in rows)
        for conversion in conversions:
            name = conversion["name"].lower()
            user[f"total_{name}_conversions"] = sum(r[f"total_{name}_conversions"] for r in rows)
            firsts = [r[f"first_{name}_time"] for r in rows if r[f"first_{name}_time"] is not None]
            user[f"first_{name}_time"] = min(firsts, default=None)
            user[f"total_{name}_converted_sessions"] = sum(r[f"total_{name}_conversions"] > 0 for r in rows)
        for t in event_types:
            user[f"total_{t}_events"] = sum(r[f"total_{t}_events"] for r in rows)
        for column in "device_type device_operating_system device_browser geo_country geo_region geo_city".split():
            user[f"last_{column}"] = last[column]  # users.last_<column>: from the latest session
        out[user_id] = user
    return out


def pages(events_by_id, sessions_by_id, page_names, zone="UTC"):
    """One row per (session, view_id); page_names: {page_definition_id: name}."""
    grouped = {}
    for e in events_by_id.values():
        if e["full_session_id"] is not None and e["view_id"] is not None:
            grouped.setdefault((e["full_session_id"], e["view_id"]), []).append(e)
    out = {}
    for (full_session_id, view_id), rows in grouped.items():
        rows.sort(key=lambda r: (r["event_time"], r["event_id"]))
        first, last = rows[0], rows[-1]
        with_url = next((r for r in rows if r["url_full_url"] is not None), None)
        definition = next((r["page_definition_id"] for r in rows if r["page_definition_id"] is not None), None)
        session = sessions_by_id[full_session_id]
        out[f"{full_session_id}:{view_id}"] = {
            "full_view_id": f"{full_session_id}:{view_id}",
            "full_session_id": full_session_id,
            "device_id": first["device_id"],
            "session_id": first["session_id"],
            "view_id": view_id,
            "user_id": session["user_id"],
            "start_time": first["event_time"],
            "end_time": last["event_time"],
            "duration_seconds": (last["event_time"] - first["event_time"]) // timedelta(seconds=1),
            "start_date": local_date(first["event_time"], zone),
            "page_url": with_url and with_url["url_full_url"],
            "page_host": with_url and with_url["url_host"],
            "page_path": with_url and with_url["url_path"],
            "page_definition_id": definition,
            "page_name": page_names.get(definition),
            "total_events": len(rows),
            **click_signals(rows),
            "total_exceptions": sum(r["event_type"] == "exception" for r in rows),
            "updated_time": max(r["updated_time"] for r in rows),
            "replay_url": session["replay_url"],
        }
    by_session = {}
    for page in out.values():
        by_session.setdefault(page["full_session_id"], []).append(page)
    for views in by_session.values():
        views.sort(key=lambda p: (p["start_time"], p["view_id"]))
        for number, page in enumerate(views, start=1):
            page.update(view_number=number, is_landing_page=number == 1, is_exit_page=number == len(views))
    return out
