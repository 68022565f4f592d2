"""The frame corpus said to the simulator: understanding, then the skill, as Alexa would.

Each phrasing is said by a new user, alternately in en-US and en-CA, and in turn as a
one-shot ("ask back spasm coach ...") or in the middle of a conversation (after "open back
spasm coach", "how should I lie down", "next"). The answer's tier is read from what Alexa
would say first (``tier_of``), with the same rules as ``tests/test_safety.py``.
"""

import hashlib
import os
import uuid

from alexa_simulator.device import Device

from skill.content import guide, safety
from skill.local import simulator_target
from skill.settings import Settings
from skill.speech import first_sentence

#: The interaction models the simulator understands with.
MODELS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                          "interaction_models")
#: Said before the phrasing, mid-conversation.
CONVERSATION = ("open back spasm coach", "how should I lie down", "next")


def tier_of(turn: dict) -> str:
    """The tier of an answer, from its first sentence (and card, for the everyday answer)."""
    if turn.get("intent") == "AMAZON.FallbackIntent":
        return "fallback"
    speech = turn.get("speech") or ""
    first = first_sentence(speech)
    lower = first.lower()
    card = ((turn.get("card") or {}).get("title")) or ""
    if lower.startswith("call 911 or"):
        return "poison"
    if lower.startswith("call 911 now"):
        return "call_911"
    if first == safety.CALL_DOCTOR_NOW_FIRST or lower.startswith("call your doctor now"):
        return "call_doctor_now"
    if first == first_sentence(safety.STUCK.speech):
        return "stuck"
    if first == first_sentence(safety.INJURY.speech) or first == first_sentence(safety.INJURY.speech_other):
        return "injured"
    if lower.startswith("please contact your doctor"):
        return "contact_doctor"
    if first == first_sentence(safety.UNRECOGNISED_SYMPTOM.speech):
        return "unrecognised"
    if card == guide.FIRST_MOVES.card_title:
        return "everyday"
    return "other"


def sample(phrasings, size: int | None = None):
    """A deterministic sample: every phrasing whose hash falls in the first ``size`` out of the
    whole (all of them with ``size`` None: every sixth, by hash)."""
    keyed = sorted(phrasings, key=lambda p: hashlib.sha256(p.text.encode("utf-8")).hexdigest())
    if size is None:
        return keyed[::6]
    step = max(1, len(keyed) // size)
    return keyed[::step][:size]


def run(phrasings, models_dir: str = MODELS_DIR):
    """[(phrasing, tier reached, what was said)] for each phrasing, through the whole path."""
    target = simulator_target(Settings(storage="none"))  # every phrasing by a new user
    devices = {locale: Device(target=target, models_dir=models_dir, locale=locale,
                              permission="none", clock="manual").start()
               for locale in ("en-US", "en-CA")}
    results = []
    try:
        for index, phrasing in enumerate(phrasings):
            device = devices["en-US" if index % 2 == 0 else "en-CA"]
            if device.session_open:
                device.say("exit")
            device.user_id = "amzn1.ask.account.CORPUS-" + uuid.uuid4().hex
            if index % 3 == 2:
                for said in CONVERSATION:
                    device.say(said)
                turn = device.say(phrasing.text)
                how = "mid-conversation"
            else:
                turn = device.say("ask back spasm coach " + phrasing.text)
                how = "one-shot"
            tier = tier_of(turn)
            detail = (f"{phrasing.text!r} ({device.locale}, {how}) -> {turn.get('intent')} "
                      f"{turn.get('slots') or ''}: {(turn.get('speech') or '')[:80]}")
            results.append((phrasing, tier, detail))
    finally:
        for device in devices.values():
            device.close()
    return results
