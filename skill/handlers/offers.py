"""What "yes" and "no" answer: the offer made last turn, decided in this one place.

A handler that asks a yes/no question records an offer (``state.set_offer``;
its kinds are listed in ``skill/state.py``). The module that owns an offer
kind says what its yes and its no do, in an ``OFFER_ANSWERS`` table;
``build_skill`` hands those tables to ``answer_handlers``, which refuses a kind
claimed twice. With no offer standing, or one nobody owns, "yes" hears that
nothing was offered and "no" is taken kindly. An offer answered either way is remembered
for the session (``state.mark_offer_done``) and not made again.
"""

from collections.abc import Callable, Mapping
from typing import NamedTuple

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

from .. import state
from ..content import prompts
from ..speech import Reply, join
from . import replies

#: What answers an offer: (handler_input, the offer's dict) -> the response.
Answer = Callable[[object, dict], object]


class OfferAnswers(NamedTuple):
    """What "yes" and "no" do to one kind of offer; without ``no``, the usual "no thanks"."""

    yes: Answer
    no: Answer | None = None


def nothing_offered(handler_input, offer=None):
    """"Yes" when no offer stands (or it no longer makes sense)."""
    return replies.send(handler_input, Reply(prompts.NOTHING_OFFERED, reprompt=prompts.WELCOME_REPROMPT))


def no_thanks(handler_input, offer=None):
    """"No" to an offer: let it go and ask what else would help."""
    return replies.send(handler_input, Reply(
        join(prompts.NO_THANKS, prompts.ANYTHING_ELSE), reprompt=prompts.HELP_GENERAL))


class YesHandler(AbstractRequestHandler):
    """'Yes': does what the pending offer says."""

    def __init__(self, answers: Mapping[str, OfferAnswers]):
        self._answers = dict(answers)

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.YesIntent")(handler_input)

    def handle(self, handler_input):
        offer = state.pending_offer(handler_input)
        answers = self._answers.get(offer.get("kind"))
        state.mark_offer_done(handler_input, state.offer_id(offer))  # taken: not offered again
        return (answers.yes if answers else nothing_offered)(handler_input, offer)


class NoHandler(AbstractRequestHandler):
    """'No': declines the pending offer, in the words of the feature that made it."""

    def __init__(self, answers: Mapping[str, OfferAnswers], nothing_offered=None):
        self._answers = dict(answers)
        self._nothing_offered = nothing_offered

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NoIntent")(handler_input)

    def handle(self, handler_input):
        offer = state.pending_offer(handler_input)
        if not offer.get("kind") and self._nothing_offered and state.emergency(handler_input) is None \
                and not state.sign_heard(handler_input):
            # "No" to "what else would you like to know?": nothing else, so goodbye.
            return self._nothing_offered(handler_input, offer)
        answers = self._answers.get(offer.get("kind"))
        state.mark_offer_done(handler_input, state.offer_id(offer))  # declined: not offered again
        return ((answers and answers.no) or no_thanks)(handler_input, offer)


def answer_handlers(*tables: Mapping[str, OfferAnswers]) -> tuple[YesHandler, NoHandler]:
    """The one yes handler and the one no handler, from every feature's ``OFFER_ANSWERS``."""
    merged: dict[str, OfferAnswers] = {}
    for table in tables:
        for kind, answers in table.items():
            if kind in merged:
                raise ValueError(f"offer kind {kind!r} is answered by two features")
            merged[kind] = answers
    goodbye = merged.get(state.OFFER_ANYTHING_ELSE)
    return YesHandler(merged), NoHandler(merged, nothing_offered=goodbye.no if goodbye else None)
