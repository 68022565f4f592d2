#!/usr/bin/env python3
"""What one request costs outside the process: storage round trips, and time when all is slow.

    python scripts/request_costs.py          # both, printed
    (scripts/benchmark.py runs both and puts them in its table)

Storage operations per request type
    A conversation that touches every kind of request (launch, topics,
    memory, timed sessions including one that replaces another, permission
    answers, stop, forget me, an emergency, session end, skill disabled)
    runs through ``lambda_handler.handler`` with timers on the local Alexa API
    emulator, once on SQLite (the adapter's read, write and delete calls
    counted) and once on moto's DynamoDB server (GetItem, UpdateItem and
    DeleteItem counted at the proxy in front of it). The skill's promise: at
    most one read and one write per request.
Worst-case answer time
    Every Alexa API call (timers, time zone) and every DynamoDB reply held
    ``held`` seconds, beyond the request's whole deadline; the slowest
    request types are sent and the longest answer is reported. It must stay
    under Alexa's 8 seconds.

Everything listens on 127.0.0.1 only.
"""

import contextlib
import os
import sys
import tempfile
import time

ALEXA_WAITS_SECONDS = 8.0
#: What the emulator takes as the user's consent to timers (the permission granted).
CONSENT_TOKEN = "request-costs-consent-token"


def _conversation_steps():
    """(label, how to send it[, what to send first, not counted]) for every kind of request."""
    from alexa_simulator.envelopes import connections_response, skill_event, slot

    ice = slot("treatment", "ice", "ICE", "TreatmentType")
    heat = slot("treatment", "heat", "HEAT", "TreatmentType")
    both = slot("treatment", "heat and ice", "ALTERNATING", "TreatmentType")
    fifteen = slot("duration", "PT15M", type_name="AMAZON.DURATION")
    return [
        ("launch, first time", lambda c, n: c.launch()),
        ("launch, returning", lambda c, n: c.launch(), lambda c: c.ask("AMAZON.StopIntent")),
        ("topic question", lambda c, n: c.ask("BedRestIntent")),
        ("next part of the topic", lambda c, n: c.ask("AMAZON.NextIntent")),
        ("help", lambda c, n: c.ask("AMAZON.HelpIntent")),
        ("my back started hurting yesterday",
         lambda c, n: c.ask("PainStartedIntent", slot("start_date", "PRESENT_REF"))),
        ("do you remember when this started", lambda c, n: c.ask("RecallPainStartIntent")),
        ("start an ice session, no permission yet",
         lambda c, n: n.ask("StartTreatmentSessionIntent", ice, fifteen)),
        ("permission answer: accepted", lambda c, n: n.send(connections_response("ACCEPTED"))),
        ("start an ice session", lambda c, n: c.ask("StartTreatmentSessionIntent", ice, fifteen)),
        ("start heat, replacing the running ice",
         lambda c, n: c.ask("StartTreatmentSessionIntent", heat, fifteen)),
        ("how much time is left", lambda c, n: c.ask("SessionTimeLeftIntent")),
        ("switch to ice", lambda c, n: c.ask("SwitchTreatmentIntent", ice)),
        ("alternate heat and ice", lambda c, n: c.ask("StartTreatmentSessionIntent", both)),
        ("how many sessions today", lambda c, n: c.ask("SessionCountIntent")),
        ("stop the session", lambda c, n: c.ask("StopSessionIntent")),
        ("time a walk", lambda c, n: c.ask("StartWalkTimerIntent")),
        ("where were we", lambda c, n: c.ask("ResumeTopicIntent"), lambda c: c.launch()),
        ("what do you know about me", lambda c, n: c.ask("WhatYouKnowIntent")),
        ("emergency", lambda c, n: c.ask(
            "EmergencyIntent", slot("symptom", "can't move my leg", "CANNOT_MOVE_LIMB"))),
        ("session ended", lambda c, n: c.send(_session_ended()), lambda c: c.launch()),
        ("forget me", lambda c, n: c.ask("ForgetMeIntent"), lambda c: c.launch()),
        ("yes, forget me", lambda c, n: c.ask("AMAZON.YesIntent")),
        ("skill disabled", lambda c, n: c.send(skill_event("AlexaSkillEvent.SkillDisabled"),
                                               with_session=False)),
    ]


def _session_ended():
    from alexa_simulator.envelopes import session_ended_request

    return session_ended_request()


class SqliteCounter:
    """Counts the SQLite adapter's reads and writes (a write transaction or a delete is one write)."""

    def __init__(self):
        self.reads = self.writes = 0

    @contextlib.contextmanager
    def installed(self):
        from skill.services.sqlite_storage import SqliteAdapter

        originals = {name: getattr(SqliteAdapter, name)
                     for name in ("read", "update_attributes", "delete_attributes")}

        def counted(name, kind):
            def call(adapter, *args, **kwargs):
                setattr(self, kind, getattr(self, kind) + 1)
                return originals[name](adapter, *args, **kwargs)
            return call

        SqliteAdapter.read = counted("read", "reads")
        SqliteAdapter.update_attributes = counted("update_attributes", "writes")
        SqliteAdapter.delete_attributes = counted("delete_attributes", "writes")
        try:
            yield self
        finally:
            for name, method in originals.items():
                setattr(SqliteAdapter, name, method)

    def take(self):
        counts, self.reads, self.writes = (self.reads, self.writes), 0, 0
        return counts


class DynamoDbCounter:
    """Counts GetItem (reads) and UpdateItem, PutItem, DeleteItem (writes) at the proxy."""

    def __init__(self, proxy):
        self.proxy = proxy

    def take(self):
        counts = self.proxy.counts
        self.proxy.reset_counts()
        reads = counts.get("GetItem", 0) + counts.get("Query", 0)
        writes = sum(counts.get(op, 0) for op in ("UpdateItem", "PutItem", "DeleteItem"))
        return reads, writes


@contextlib.contextmanager
def _skill_with(**changes):
    """The Lambda door's kind, serving a skill that calls the local Alexa API emulator."""
    from skill.door import SkillDoor
    from skill.settings import Settings

    settings = Settings(dev_loopback_alexa_api=True, alexa_api_timeout=3.0)._replace(**changes)
    door = SkillDoor(lambda: settings)
    try:
        yield door
    finally:
        door.close()


def _granted(door, emulator, user_id):
    """A user who granted the timers permission, talking to ``door``."""
    from alexa_simulator.envelopes import TIMERS_SCOPE, Conversation

    return Conversation(door, user_id=user_id, api_endpoint=emulator.api_endpoint,
                        permissions_token=CONSENT_TOKEN, scopes={TIMERS_SCOPE: "GRANTED"})


def _run_steps(door, emulator, counter):
    from alexa_simulator.envelopes import Conversation

    user = _granted(door, emulator, "amzn1.ask.account.COSTS")
    new_user = Conversation(door, user_id="amzn1.ask.account.COSTS", api_endpoint=emulator.api_endpoint)
    counter.take()
    rows = []
    for label, send, *before in _conversation_steps():
        for step in before:
            step(user)
        counter.take()
        send(user, new_user)
        reads, writes = counter.take()
        rows.append({"request": label, "reads": reads, "writes": writes})
    return rows


def storage_operations(folder=None, stores=("sqlite", "dynamodb")) -> dict:
    """``{"sqlite": [rows], "dynamodb": [rows]}``: reads and writes of each request type."""
    import fault_storage
    from alexa_simulator.alexa_api import AlexaApiEmulator

    results = {}
    with contextlib.ExitStack() as stack:
        folder = folder or stack.enter_context(tempfile.TemporaryDirectory())
        emulator = stack.enter_context(AlexaApiEmulator(clock="manual", time_zone="America/New_York"))
        counter = SqliteCounter()
        if "sqlite" in stores:
            with _skill_with(storage="sqlite", sqlite_path=os.path.join(folder, "costs.sqlite3")) as door, \
                    counter.installed():
                results["sqlite"] = _run_steps(door, emulator, counter)
        if "dynamodb" not in stores:
            return results
        target = stack.enter_context(fault_storage.moto_server(in_process=True))
        proxy = fault_storage.FaultyProxy(target).start()
        stack.callback(proxy.stop)
        emulator.reset()
        changes = fault_storage.dynamodb_changes(proxy.endpoint, "costs")
        with fault_storage.aws_test_credentials(), _skill_with(**changes) as door:
            results["dynamodb"] = _run_steps(door, emulator, DynamoDbCounter(proxy))
    return results


def worst_case_answer(held: float = 10.0, quick: bool = False) -> dict:
    """The longest answer of the slowest request types with every outside service held ``held`` s."""
    import fault_storage
    from alexa_simulator.alexa_api import AlexaApiEmulator
    from alexa_simulator.envelopes import slot

    both = slot("treatment", "heat and ice", "ALTERNATING", "TreatmentType")
    ice = slot("treatment", "ice", "ICE", "TreatmentType")
    steps = [
        ("alternate heat and ice (two timers, the time zone, count, write)",
         lambda c: c.ask("StartTreatmentSessionIntent", both)),
        ("launch (read and write)", lambda c: c.launch()),
        ("my back started hurting yesterday (time zone, write)",
         lambda c: c.ask("PainStartedIntent", slot("start_date", "PRESENT_REF"))),
        ("switch to ice (check, cancel, create, count)", lambda c: c.ask("SwitchTreatmentIntent", ice)),
        ("how much time is left", lambda c: c.ask("SessionTimeLeftIntent")),
        ("stop the session", lambda c: c.ask("StopSessionIntent")),
    ][:2 if quick else None]
    answers = []
    with contextlib.ExitStack() as stack:
        emulator = stack.enter_context(AlexaApiEmulator(clock="manual", time_zone="America/New_York"))
        target = stack.enter_context(fault_storage.moto_server(in_process=True))
        proxy = fault_storage.FaultyProxy(target).start()
        stack.callback(proxy.stop)
        stack.enter_context(fault_storage.aws_test_credentials())
        door = stack.enter_context(_skill_with(**fault_storage.dynamodb_changes(proxy.endpoint, "slow")))
        user = _granted(door, emulator, "amzn1.ask.account.SLOW")
        user.launch()  # the table exists, the session knows nothing yet
        user.session_id = None
        user.attributes = {}
        emulator.delay_next(held, count=100_000)
        proxy.slow_seconds = held
        for label, send in steps:
            started = time.monotonic()
            said = send(user)
            answers.append({"request": label, "seconds": round(time.monotonic() - started, 2),
                            "speech": said.speech[:70]})
        proxy.slow_seconds = 0.0
    slowest = max(answer["seconds"] for answer in answers)
    return {"held_seconds": held, "answers": answers, "slowest_seconds": slowest,
            "within_8_seconds": slowest < ALEXA_WAITS_SECONDS}


def report(operations: dict, worst: dict) -> str:
    lines = ["storage operations per request (reads / writes): SQLite | DynamoDB"]
    for sqlite_row, dynamodb_row in zip(operations["sqlite"], operations["dynamodb"], strict=True):
        lines.append(f"  {sqlite_row['request']:45} {sqlite_row['reads']} / {sqlite_row['writes']}"
                     f"   |  {dynamodb_row['reads']} / {dynamodb_row['writes']}")
    most = max(max(r["reads"], r["writes"]) for rows in operations.values() for r in rows)
    lines.append(f"  most in one request: {most} ({'met' if most <= 1 else 'NOT met'}: "
                 "at most one read and one write)")
    lines.append(f"worst-case answer, every Alexa API and DynamoDB reply held {worst['held_seconds']} s:")
    for answer in worst["answers"]:
        lines.append(f"  {answer['request']:70} {answer['seconds']:.2f} s")
    lines.append(f"  slowest {worst['slowest_seconds']:.2f} s "
                 f"({'within' if worst['within_8_seconds'] else 'NOT within'} Alexa's 8 s)")
    return "\n".join(lines)


def main() -> int:
    import logging

    logging.disable(logging.WARNING)
    operations, worst = storage_operations(), worst_case_answer()
    print(report(operations, worst))
    most = max(max(r["reads"], r["writes"]) for rows in operations.values() for r in rows)
    return 0 if most <= 1 and worst["within_8_seconds"] else 1


if __name__ == "__main__":
    sys.exit(main())
