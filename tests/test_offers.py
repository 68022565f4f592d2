""""Yes" and "no" answer the pending offer, decided in one place (``skill.handlers.offers``).

Through the Lambda door: every intent of the model, bare and with each value of its first
custom slot, is asked; whenever the answer leaves an offer pending, "yes" (and, in a second
conversation, "no") must answer that offer, never "I'm not sure what you're answering".
"""

import json
import pathlib

import pytest
from envelopes import Conversation, slot
from test_memory import NO_ALEXA_API

from skill import state
from skill.content import prompts
from skill.handlers import offers

MODEL = pathlib.Path(__file__).resolve().parent.parent / "interaction_models" / "en-US.json"


def requests_that_may_offer():
    language_model = json.loads(MODEL.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    types = {t["name"]: t for t in language_model["types"]}
    for intent in language_model["intents"]:
        if intent["name"] in ("AMAZON.YesIntent", "AMAZON.NoIntent"):
            continue
        yield intent["name"], ()
        custom = [s for s in intent.get("slots", []) if s["type"] in types]
        if custom:
            first = custom[0]
            for value in types[first["type"]]["values"]:
                yield intent["name"], (slot(first["name"], value["name"]["value"], value["id"],
                                            first["type"]),)


def talk():
    return Conversation(api_endpoint=NO_ALEXA_API, permissions_token="granted")


def test_every_offer_the_skill_makes_is_answered_by_yes_and_by_no():
    offered, unanswered = set(), []
    for name, slots in requests_that_may_offer():
        for answer in ("AMAZON.YesIntent", "AMAZON.NoIntent"):
            user = talk()
            user.launch()
            said = user.ask(name, *slots)
            pending = (said.attributes or {}).get(state.OFFER)
            if said.ended or not pending:
                break
            offered.add(pending["kind"])
            reply = user.ask(answer)
            if reply.speech.startswith(prompts.NOTHING_OFFERED) or reply.speech == prompts.ERROR:
                unanswered.append((name, pending["kind"], answer, reply.speech[:60]))
    assert unanswered == []
    assert len(offered) >= 5, offered  # the sweep reaches the skill's offers, not none of them


def test_two_features_answering_one_offer_kind_are_refused():
    answers = offers.OfferAnswers(yes=offers.nothing_offered)
    with pytest.raises(ValueError, match="answered by two features"):
        offers.answer_handlers({"more": answers}, {"more": answers})
