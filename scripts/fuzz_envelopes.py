"""Malformed Alexa envelopes, thousands of them, through both doors of the skill.

    .venv/bin/python scripts/fuzz_envelopes.py [--count 5000] [--seed 13] [--show 5]

Every envelope is a mutation of a real one built with ``tests/envelopes.py``
(launch, intents with slots, a conversation's session attributes, session
end, a permission answer, a skill event): keys deleted, values of the wrong
type, nesting thousands deep, strings of a megabyte, control characters and
lone surrogates in slot values and session attributes, forged attributes,
unknown keys, or random JSON in place of the whole envelope (and, for the
endpoint, now and then a body cut short). Each one goes
through ``lambda_handler.handler`` and through the Flask endpoint (its test
client, with ``BSC_DEV_INSECURE``: signatures have their own tests). Counted:

    escapes       exceptions out of lambda_handler.handler
    5xx           endpoint answers with status 500 or above
    invalid SSML  speech or reprompt that is not XML with <speak> at the root,
                  holds a code point XML forbids, or reaches 8,000 characters
    broken rules  Alexa's other response rules (tests/alexa_rules.py)

The script exits 1 if any of them is above 0. Other scripts import
:func:`run` (``run(count, seed) -> dict``); ``tests/test_fuzz_envelopes.py``
runs 300 envelopes with a fixed seed on every ``make test``.

Only loopback is reachable while it runs: envelopes name a closed loopback
port as the Alexa API endpoint, and name lookups beyond loopback are refused.
Memory is a SQLite file in a temporary directory; the other settings are read from the
environment, once, as the doors read them.
"""

import argparse
import contextlib
import json
import logging
import os
import random
import socket
import sys
import tempfile
import time
from collections import Counter

from alexa_simulator.envelopes import (
    connections_response,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
    skill_event,
    slot,
)
from alexa_simulator.rules import INVALID_SSML, violations

#: A closed port: any Alexa API call is refused at once, on this machine.
CLOSED_API_ENDPOINT = "https://127.0.0.1:9"

#: Characters SSML cannot carry, and other text that has broken skills.
NASTY = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\ud800", "\udfff", "\ud83d", "\ufffe",
         "\uffff", "&", "<", "]]>", "<speak>", "&amp;", "\u202e", "\U0001F600", "\r\n", "%s", "{0}"]


def real_envelopes():
    """The real envelopes mutations start from: one per kind of request the skill sees."""
    def make(request, **options):
        return envelope(request, api_endpoint=CLOSED_API_ENDPOINT, **options)

    talk = {"topic": "lying", "chunk": 1, "offer": {"kind": "more"},
            "last_speech": "Second: on the floor.", "last_reprompt": "Say next.",
            "last_card_title": "Lying down"}
    return [
        make(launch_request()),
        make(intent_request("AMAZON.HelpIntent")),
        make(intent_request("MedicineIntent", slot("medicine", "advil", "IBUPROFEN", "MedicineType"))),
        make(intent_request("EmergencyIntent", slot("symptom", "can't move my leg", "CANNOT_MOVE_LIMB",
                                                    "SymptomType"))),
        make(intent_request("EmergencyIntent", slot("symptom", "purple toes", type_name="SymptomType",
                                                    no_match=True))),
        make(intent_request("StartTreatmentSessionIntent", slot("treatment", "ice", "ICE", "TreatmentType"),
                            slot("duration", "PT15M"))),
        make(intent_request("AMAZON.RepeatIntent"), new_session=False, attributes=talk),
        make(intent_request("AMAZON.NextIntent"), new_session=False, attributes=talk),
        make(intent_request("AMAZON.YesIntent"), new_session=False, attributes=talk),
        make(intent_request("PainStartedIntent", slot("start_date", "2026-11-24"))),
        make(intent_request("SessionCountIntent", slot("treatment", "heat", "HEAT", "TreatmentType"))),
        make(intent_request("AMAZON.FallbackIntent")),
        make(session_ended_request(), new_session=False, attributes=talk),
        make(connections_response("ACCEPTED"), new_session=False,
             attributes={"pending_session": {"kind": "ice", "minutes": 15}}),
        make(skill_event(), with_session=False),
    ]


# -- mutations -------------------------------------------------------------------------------

def nested(depth, leaf=None):
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


def random_json(rng, depth=0):
    kind = rng.randrange(7 if depth < 4 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 1, 2 ** 63, -(10 ** 30), 10 ** 400])
    if kind == 3:
        return rng.choice([0.5, -1e308, 1e308, 3.14])
    if kind == 4:
        return nasty_text(rng)
    if kind == 5:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {nasty_text(rng, 8): random_json(rng, depth + 1) for _ in range(rng.randrange(4))}


def nasty_text(rng, length=24):
    parts = [rng.choice(NASTY) if rng.random() < 0.4 else chr(rng.randrange(0x20, 0x7f))
             for _ in range(rng.randrange(1, length))]
    return "".join(parts)


def places(node, depth=0):
    """Every (container, key) in ``node``, to a bounded depth."""
    found = []
    if depth > 12:
        return found
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((node, key))
            found.extend(places(value, depth + 1))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((node, index))
            found.extend(places(value, depth + 1))
    return found


def delete_key(event, rng):
    dicts = [(c, k) for c, k in places(event) if isinstance(c, dict)]
    if dicts:
        container, key = rng.choice(dicts)
        container.pop(key, None)
    return event


def wrong_type(event, rng):
    spots = places(event)
    if spots:
        container, key = rng.choice(spots)
        container[key] = random_json(rng)
    return event


def deep_nesting(event, rng):
    spots = places(event)
    depth = rng.choice([20, 60, 300, 2000])
    if spots and rng.random() < 0.7:
        container, key = rng.choice(spots)
        container[key] = nested(depth, "x")
    elif isinstance(event.get("session"), dict):
        event["session"]["attributes"] = {"last_speech": "hi", "deep": nested(depth)}
    return event


def huge_string(event, rng):
    strings = [(c, k) for c, k in places(event) if isinstance(c[k], str)]
    if strings:
        container, key = rng.choice(strings)
        container[key] = rng.choice(["a", "&", "\x00", "\ud800", "é"]) * rng.choice([10_000, 300_000])
    return event


def nasty_slot_values(event, rng):
    request = event.get("request")
    intent = request.get("intent") if isinstance(request, dict) else None
    slots = intent.get("slots") if isinstance(intent, dict) else None
    if isinstance(slots, dict) and slots:
        for value in slots.values():
            if isinstance(value, dict):
                value["value"] = nasty_text(rng, 40)
    elif isinstance(request, dict):
        request["type"] = "IntentRequest"
        request["intent"] = {"name": rng.choice(["MedicineIntent", "EmergencyIntent"]),
                             "confirmationStatus": "NONE",
                             "slots": {"medicine": {"name": "medicine", "value": nasty_text(rng, 40)},
                                       "symptom": {"name": "symptom", "value": nasty_text(rng, 40)}}}
    return event


def forged_attributes(event, rng):
    session = event.get("session")
    if not isinstance(session, dict):
        return event
    keys = ["topic", "chunk", "offer", "last_speech", "last_reprompt", "last_card_title",
            "pending_session", "session_timers", "time_zone", nasty_text(rng, 6)]
    session["attributes"] = {rng.choice(keys): rng.choice([
        nasty_text(rng, 60), random_json(rng), rng.randrange(-5, 50),
        "lying", "more", [nasty_text(rng)], {"kind": nasty_text(rng)},
    ]) for _ in range(rng.randrange(1, 6))}
    return event


def unknown_keys(event, rng):
    dicts = [c[k] for c, k in places(event) if isinstance(c[k], dict)] or [event]
    rng.choice(dicts)[nasty_text(rng, 10)] = random_json(rng)
    return event


MUTATIONS = [delete_key, wrong_type, deep_nesting, huge_string, nasty_slot_values,
             forged_attributes, unknown_keys]


def malformed_envelope(rng, bases):
    """``(event, names of the mutations applied)``."""
    if rng.random() < 0.05:
        return random_json(rng), ["random JSON"]
    event = json.loads(json.dumps(rng.choice(bases)))
    names = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        mutation = rng.choice(MUTATIONS)
        event = mutation(event, rng)
        names.append(mutation.__name__)
    return event, names


def body_of(event) -> bytes:
    """The envelope as the bytes a client would POST (deep ones written by hand, without
    recursing into them: near the recursion limit, a garbage collection meanwhile fails
    the clean-up of whatever it collects)."""
    from skill.last_resort import too_deep

    if too_deep(event, 500):
        return b'{"request": ' * 3000 + b"null" + b"}" * 3000
    try:
        return json.dumps(event).encode("utf-8")
    except (ValueError, TypeError):
        return b'{"request": ' * 3000 + b"null" + b"}" * 3000


# -- running ---------------------------------------------------------------------------------

@contextlib.contextmanager
def loopback_only():
    """Name lookups beyond loopback fail at once while the fuzz runs."""
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in ("127.0.0.1", "::1", "localhost") and not name.startswith("127."):
            raise socket.gaierror(socket.EAI_NONAME, "fuzzing reaches loopback only")
        return real(host, *args, **kwargs)

    socket.getaddrinfo = guarded
    try:
        yield
    finally:
        socket.getaddrinfo = real


@contextlib.contextmanager
def quiet_logs():
    """The skill logs one line per malformed envelope; thousands say nothing new."""
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def run(count: int = 5000, seed: int = 13, examples: int = 5, settings=None) -> dict:
    """Fuzz both doors with ``count`` envelopes from ``seed``; return the counts.

    Keys: ``envelopes``, ``escapes``, ``5xx``, ``invalid_ssml``, ``broken_rules``,
    ``endpoint_status`` (status -> count), ``mutations`` (name -> count),
    ``examples`` (a few failures: where, what, mutations; never envelope content)
    and ``seconds``.
    """
    from skill.door import SkillDoor
    from skill.last_resort import request_facts
    from skill.settings import Settings
    from skill.web import create_app

    rng = random.Random(seed)
    counts = Counter()
    statuses, mutations, found = Counter(), Counter(), []
    started = time.perf_counter()

    def note(where, what, names):
        if len(found) < examples:
            found.append({"where": where, "what": what, "mutations": names})

    def judge(where, request_type, result, names):
        for kind, what in violations(request_type, result):
            counts["invalid_ssml" if kind == INVALID_SSML else "broken_rules"] += 1
            note(where, what, names)

    with loopback_only(), quiet_logs():
        # Both doors serve one skill, built from ``settings`` (the environment's when None),
        # verification off for the endpoint.
        settings = (settings or Settings.from_env())._replace(dev_insecure=True)
        lambda_door = SkillDoor(lambda: settings)
        client = create_app(lambda_door.skill(), settings).test_client()
        bases = real_envelopes()
        for _ in range(count):
            event, names = malformed_envelope(rng, bases)
            mutations.update(names)
            request_type = request_facts(event)[0]
            body = body_of(event)  # before the handler sees the event
            if rng.random() < 0.03:  # and now and then, a body cut short in transit
                body = body[:rng.randrange(len(body))]
                mutations["body cut short"] += 1

            try:
                result = lambda_door(event, None)
            except Exception as exc:  # noqa: BLE001 - what this script counts
                counts["escapes"] += 1
                note("lambda_handler", type(exc).__name__, names)
            else:
                judge("lambda_handler", request_type, result, names)

            response = client.post("/", data=body, content_type="application/json")
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                counts["5xx"] += 1
                note("endpoint", f"HTTP {response.status_code}", names)
            elif response.status_code == 200:
                judge("endpoint", request_type, response.get_json(), names)

    lambda_door.close()
    return {
        "envelopes": count, "seed": seed,
        "escapes": counts["escapes"], "5xx": counts["5xx"],
        "invalid_ssml": counts["invalid_ssml"], "broken_rules": counts["broken_rules"],
        "endpoint_status": dict(sorted(statuses.items())),
        "mutations": dict(sorted(mutations.items())),
        "examples": found, "seconds": round(time.perf_counter() - started, 1),
    }


def failed(results: dict) -> bool:
    return any(results[key] for key in ("escapes", "5xx", "invalid_ssml", "broken_rules"))


def report(results: dict) -> str:
    """The figures of :func:`run`, one per line, as the script prints them."""
    lines = [
        f"{results['envelopes']} malformed envelopes (seed {results['seed']}), "
        f"{results['seconds']} s, through lambda_handler.handler and the Flask endpoint",
        f"  escapes (exceptions out of the handler): {results['escapes']}",
        f"  5xx from the endpoint:                   {results['5xx']}",
        f"  invalid SSML:                            {results['invalid_ssml']}",
        f"  other broken response rules:             {results['broken_rules']}",
        "  endpoint statuses: " + ", ".join(f"{status}: {n}" for status, n
                                            in results["endpoint_status"].items()),
        "  mutations applied: " + ", ".join(f"{name} {n}" for name, n
                                            in results["mutations"].items()),
    ]
    for example in results["examples"]:
        lines.append(f"  e.g. {example['where']}: {example['what']} after {', '.join(example['mutations'])}")
    return "\n".join(lines)


def scratch_settings(folder: str):
    """The environment's settings with memory in a SQLite file in ``folder``, verification off."""
    from skill.settings import Settings

    return Settings.from_env()._replace(storage="sqlite", dev_insecure=True,
                                        sqlite_path=os.path.join(folder, "memory.sqlite3"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="envelopes (default 5000)")
    parser.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    parser.add_argument("--show", type=int, default=5, help="failures to describe (default 5)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        results = run(args.count, args.seed, args.show, settings=scratch_settings(scratch))

    print(report(results))
    return 1 if failed(results) else 0


if __name__ == "__main__":
    sys.exit(main())
