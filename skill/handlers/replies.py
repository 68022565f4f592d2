"""Rendering a ``Reply`` into the SDK's response, and remembering it for "repeat"."""

from ask_sdk_model.ui import SimpleCard

from .. import state
from ..content.prompts import DISCLAIMER, SKILL_NAME
from ..speech import Reply, clean, join, to_ssml
from ..turn import memory_for


def send(handler_input, reply: Reply, remember: bool = True):
    """Speak ``reply``: SSML speech, optional reprompt, and a plain-text home card.

    The first self-care answer a new user hears (even a one-shot) carries the disclaimer,
    said after the answer and before its closing question; never an emergency answer.
    """
    builder = handler_input.response_builder
    speech = reply.speech
    if reply.self_care and _disclaimer_due(handler_input):
        speech = with_disclaimer(speech)
        reply = reply._replace(speech=speech)
    builder.speak(to_ssml(speech))
    if reply.reprompt:
        builder.ask(to_ssml(reply.reprompt))
    builder.set_card(SimpleCard(
        title=clean(reply.card_title or SKILL_NAME),
        content=clean(reply.card_text or reply.speech),
    ))
    for directive in reply.directives:
        builder.add_directive(directive)
    builder.set_should_end_session(reply.ends_session)
    state.expire_unanswered_offer(handler_input)
    state.session(handler_input).pop(state.MISSES, None)
    if remember and not reply.ends_session:
        attributes = state.session(handler_input)
        attributes[state.LAST_SPEECH] = reply.speech
        attributes[state.LAST_REPROMPT] = reply.reprompt
        attributes[state.LAST_CARD_TITLE] = reply.card_title
    return builder.response


def _disclaimer_due(handler_input) -> bool:
    """A new user who has not heard the disclaimer, in memory or in this session; marks it heard."""
    attributes = state.session(handler_input)
    if attributes.get(state.DISCLAIMER_SAID) is True:
        return False
    memory = memory_for(handler_input)
    if memory.heard_disclaimer():
        return False
    memory.mark_disclaimer_heard()
    attributes[state.DISCLAIMER_SAID] = True
    return True


def with_disclaimer(speech: str) -> str:
    """``speech`` with the disclaimer before its closing question (or at its end)."""
    stripped = speech.rstrip()
    if stripped.endswith("?"):
        cut = max(stripped.rfind(". ", 0, len(stripped) - 1), stripped.rfind("? ", 0, len(stripped) - 1),
                  stripped.rfind("! ", 0, len(stripped) - 1))
        if cut > 0:
            return join(stripped[:cut + 1], DISCLAIMER, stripped[cut + 2:])
    return join(stripped, DISCLAIMER)


def hand_over(handler_input, speech: str, card_title: str, directive):
    """Say ``speech`` and hand the conversation to Alexa (``directive``: a permission prompt).

    Built here, not from a ``Reply``: Alexa takes the conversation from here, so the
    response has no reprompt and leaves ``shouldEndSession`` out, which a Reply cannot
    say. Nothing is remembered for "repeat": the next request is Alexa's answer, not
    the user's.
    """
    builder = handler_input.response_builder
    builder.speak(to_ssml(speech))
    builder.set_card(SimpleCard(title=clean(card_title), content=clean(speech)))
    builder.add_directive(directive)
    state.expire_unanswered_offer(handler_input)
    return builder.response
