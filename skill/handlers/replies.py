"""Rendering a ``Reply`` into the SDK's response, and remembering it for "repeat"."""

from ask_sdk_model.ui import SimpleCard

from .. import state
from ..content.prompts import SKILL_NAME
from ..speech import Reply, clean, to_ssml


def send(handler_input, reply: Reply, remember: bool = True):
    """Speak ``reply``: SSML speech, optional reprompt, and a plain-text home card."""
    builder = handler_input.response_builder
    builder.speak(to_ssml(reply.speech))
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
