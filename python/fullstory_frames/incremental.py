"""What an incremental run of sessions or pages rebuilds: the sessions whose
events changed, and the sessions that lost an event to another session."""

from .vocabulary import All, AtLeast, Coalesce, Col, Count, Eq, Lit, Min, Ne, NotNull, Sum

SESSION = "full_session_id"
# a session's key as integers: cheaper to match against every event than the text
SESSION_PARTS = ("device_id", "session_id")


def touched_rows(engine, events, stored, since, counted):
    """An incremental run's work, for a model whose stored rows (`stored`)
    each belong to one session and hold total_events, its events that meet
    `counted` (an Expr). Returns the events of the sessions to rebuild (every
    event of each), those sessions (one column, SESSION), and the other stored
    rows of their devices (their user_id may change).

    A session is rebuilt when it has an event updated at or after `since`, or
    when it lost events: a re-synced copy that moves an event to another
    session (or to none) is updated in its new place only, and its old session
    then holds fewer events than it counts. Such a session belongs to a device
    with a changed event (FullStory keeps an event's device), and is found by
    counting the events of those devices' other sessions.

    The events are read from the earliest event_time a rebuilt session can
    hold, as a literal, so that the read prunes by event_time (BigQuery's
    partitions, DuckDB's row groups): an event of a rebuilt session is either
    in its stored row (at or after its start_time) or updated since. A late
    event widens the read back to its own time. The query for that bound reads
    every event (its times and session); the rebuild reads the bounded events
    alone.
    """
    changed = engine.filter(events, All((NotNull(Col("device_id")), AtLeast(Col("updated_time"), Lit(since)))))
    touched, devices = changed_sessions(engine, changed)
    lost = sessions_that_lost_events(engine, events, stored, touched, devices, counted)
    starts = engine.select(engine.semi_join(stored, touched, (SESSION,)), [("changed_from", Col("start_time"))])
    # one query for the bound: each scan of `events` reads a column of every stored event
    froms = engine.union(engine.select(devices, ["changed_from"]), starts)
    froms = engine.union(froms, engine.select(lost, [("changed_from", Col("start_time"))]))
    bound = engine.smallest(froms, "changed_from")
    if bound is None:  # nothing arrived: nothing to rebuild
        nothing = engine.filter(stored, Eq(Lit(1), Lit(0)))
        return engine.filter(events, Eq(Lit(1), Lit(0))), engine.select(nothing, [SESSION]), nothing
    read = engine.filter(events, AtLeast(Col("event_time"), Lit(bound)))
    # Every changed event, and every event of a session that lost some, is at or
    # after the bound: the same sessions again, from the bounded read only.
    changed = engine.filter(read, All((NotNull(Col("device_id")), AtLeast(Col("updated_time"), Lit(since)))))
    touched, devices = changed_sessions(engine, changed)
    lost = sessions_that_lost_events(engine, read, stored, touched, devices, counted, starting_from=bound)
    rebuilt = engine.union(engine.select(touched, [SESSION]), engine.select(lost, [SESSION]))
    others = engine.anti_join(engine.semi_join(stored, devices, ("device_id",)), rebuilt, (SESSION,))
    return engine.semi_join(read, rebuilt, (SESSION,)), rebuilt, others


def changed_sessions(engine, changed):
    """The sessions with a changed event, and the devices with one (a session's
    or not: an event that left its session for none changes its device), with
    the earliest event_time of their changed events."""
    in_sessions = engine.filter(changed, NotNull(Col(SESSION)))
    touched = engine.aggregate(in_sessions, (SESSION, "device_id"), [("changed_events", Count())], ())
    devices = engine.aggregate(changed, ("device_id",), [("changed_from", Min(Col("event_time")))], ())
    return touched, devices


def sessions_that_lost_events(engine, events, stored, touched, devices, counted, starting_from=None):
    """The stored sessions of `devices` but the `touched` ones whose events
    meeting `counted` are fewer than their stored rows count (none at all,
    for a session whose every event moved), with their start_time.

    starting_from: only the sessions that start at or after it, when `events`
    holds only the events from it on (every event of such a session, which
    lies between its stored start and end unless it lost or gained some)."""
    untouched = engine.anti_join(engine.semi_join(stored, devices, ("device_id",)), touched, (SESSION,))
    totals = engine.aggregate(
        untouched,
        (SESSION, *SESSION_PARTS),
        [("stored_events", Sum(Col("total_events"))), ("start_time", Min(Col("start_time")))],
        (),
    )
    if starting_from is not None:
        totals = engine.filter(totals, AtLeast(Col("start_time"), Lit(starting_from)))
    counted_events = engine.semi_join(engine.filter(events, counted), totals, SESSION_PARTS)
    held = engine.aggregate(counted_events, SESSION_PARTS, [("held_events", Count())], ())
    compared = engine.left_join(totals, held, SESSION_PARTS)
    return engine.filter(compared, Ne(Coalesce((Col("held_events"), Lit(0))), Col("stored_events")))


def emptied_rows(engine, stored, rebuilt_sessions, rows, unique_key, columns):
    """The stored rows of the rebuilt sessions that the rebuild no longer makes
    (a page view whose every event moved to another view, a session whose
    every event moved to another session), as `columns` with total_events 0:
    the model's post-hook deletes them once the merge has written them
    (delete_emptied_rows), as it can delete no row itself."""
    gone = engine.anti_join(engine.semi_join(stored, rebuilt_sessions, (SESSION,)), rows, (unique_key,))
    return engine.select(gone, [("total_events", Lit(0)) if c == "total_events" else c for c in columns])
