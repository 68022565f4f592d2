"""The timers this skill set: where they are kept, what each one is, and finding them again.

A record is plain JSON: id, kind, step, pack (what is on the back while it
runs), label, duration and ends_at. Records are kept in session state
(``state.SESSION_TIMERS``) and in memory (``memory_for(h).add_timer``) so that
"how much time is left" and "stop the session" work in a later session. Every
record is checked with the timers API before it is spoken about; ids the API
no longer knows are dropped. When memory has lost them, the skill's own timers
are recognised by their labels.
"""


from .. import state
from ..content import sessions as words
from ..services.iso8601 import format_duration, format_timestamp, parse_timestamp
from ..services.timers import TimerApiError
from ..turn import memory_for, turn_of
from .plan import GROUP_ORDER, Plan, group_of_kind


def valid_record(record) -> bool:
    """A timer record needs an id; the rest (kind, step, label) can be learnt from the API."""
    return isinstance(record, dict) and isinstance(record.get("id"), str) and bool(record["id"])


def record_of(plan: Plan, spec: dict, timer) -> dict:
    """The record of a timer just created for ``plan`` from ``spec`` (``Plan.specs``)."""
    return {"id": timer.id, "kind": plan.kind.value, "step": spec["step"], "pack": spec["pack"],
            "label": spec["label"],
            "duration": format_duration(spec["seconds"]),
            "ends_at": format_timestamp(timer.ends_at)}


def group_of(record) -> str:
    return group_of_kind(record.get("kind"))


def known_timers(handler_input) -> list[dict]:
    """Timers this skill set, from this session and from memory, without duplicates."""
    found, seen = [], set()
    from_session = state.session(handler_input).get(state.SESSION_TIMERS)
    from_memory = memory_for(handler_input).active_timers()
    for record in (from_session if isinstance(from_session, list) else []) + from_memory:
        if valid_record(record) and record["id"] not in seen:
            seen.add(record["id"])
            found.append(dict(record))
    return found


def this_session(handler_input) -> list[tuple[dict, bool]]:
    """Timers set in this session, latest first, each with whether it is still running by our
    own count (its ``ends_at`` is after the request's moment): no API call."""
    now = turn_of(handler_input).now
    records = state.session(handler_input).get(state.SESSION_TIMERS)
    found = []
    for record in records if isinstance(records, list) else []:
        ends_at = parse_timestamp(record.get("ends_at")) if isinstance(record, dict) else None
        if ends_at is not None:
            found.append((record, ends_at > now))
    return list(reversed(found))


def one_running_this_session(handler_input) -> bool:
    """Whether, by our own count, a timer set in this session has not ended yet."""
    return any(running for _record, running in this_session(handler_input))


def remember(handler_input, records) -> None:
    """Keep ``records`` in this session and in memory."""
    attributes = state.session(handler_input)
    current = attributes.get(state.SESSION_TIMERS)
    current = [r for r in current if valid_record(r)] if isinstance(current, list) else []
    attributes[state.SESSION_TIMERS] = current + records
    memory = memory_for(handler_input)
    for record in records:
        memory.add_timer(record)


def forget(handler_input, timer_id) -> None:
    """Drop the record of ``timer_id`` from this session and from memory."""
    attributes = state.session(handler_input)
    current = attributes.get(state.SESSION_TIMERS)
    if isinstance(current, list):
        attributes[state.SESSION_TIMERS] = [r for r in current if valid_record(r) and r["id"] != timer_id]
    memory_for(handler_input).remove_timer(timer_id)


# -- recognising our timers by their labels ----------------------------------------------------------

def _labels_to_steps():
    """Each timer label of ours: (kind, step, what is on the back while it runs)."""
    known = {label: (kind, step, kind if kind in ("heat", "ice") else None)
             for (kind, step), label in words.LABEL.items()}
    known[words.LABEL[("alternating", "switch_to_ice")]] = ("alternating", "switch_to_ice", "heat")
    known[words.LABEL[("alternating", "switch_to_heat")]] = ("alternating", "switch_to_heat", "ice")
    for pack, label in words.ALTERNATING_END_LABEL.items():
        known[label] = ("alternating", "end", pack)
    return known


_BY_LABEL = _labels_to_steps()


def record_for_label(timer_state) -> dict | None:
    """What a timer is, from the label the API reports (memory may have lost the rest)."""
    if timer_state.label not in _BY_LABEL:
        return None
    kind, step, pack = _BY_LABEL[timer_state.label]
    return {"id": timer_state.id, "kind": kind, "step": step, "pack": pack, "label": timer_state.label}


def describe(record, timer_state) -> dict:
    """The record, completed (not overridden) from the label the API reports."""
    from_label = record_for_label(timer_state) or {}
    return {**from_label, **{key: value for key, value in record.items() if value is not None}}


# -- asking the timers API about them -------------------------------------------------------------------

def check(handler_input, service, records) -> tuple[list, bool]:
    """(live (record, state) pairs; whether the API could be asked at all). Gone ones are forgotten."""
    live = []
    for record in records:
        try:
            timer_state = service.state(record["id"])
        except TimerApiError:
            return live, False
        if timer_state is None or timer_state.status == "OFF":
            forget(handler_input, record["id"])
            continue
        live.append((describe(record, timer_state), timer_state))
    return live, True


def recover_from_list(service) -> list:
    """Timers of ours the skill had forgotten (memory off or lost), found by listing them."""
    found = []
    for timer_state in service.all_states():
        record = record_for_label(timer_state)
        if record is not None and timer_state.status in ("ON", "PAUSED"):
            found.append((record, timer_state))
    return found


def soonest_per_group(pairs) -> list:
    """The (record, state) ending soonest in each group, in ``GROUP_ORDER``."""
    best = {}
    for record, timer_state in pairs:
        group = group_of(record)
        remaining = timer_state.remaining_seconds if timer_state.remaining_seconds is not None else 1e9
        if group not in best or remaining < best[group][2]:
            best[group] = (record, timer_state, remaining)
    return [best[g][:2] for g in GROUP_ORDER if g in best]


def cancel_group(handler_input, service, group) -> set[str]:
    """Cancel the timers of ``group`` we know about (a new heat session replaces the old).

    Returns the kinds of those that were still running (empty when nothing was replaced).
    """
    replaced = set()
    for record in known_timers(handler_input):
        if group_of(record) != group:
            continue
        try:
            was_set = service.cancel(record["id"])
        except TimerApiError:
            return replaced
        forget(handler_input, record["id"])
        if was_set:
            replaced.add(record.get("kind"))
    return replaced
