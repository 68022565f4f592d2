"""Safety first: emergency signs, Fallback, and the error handlers.

These handlers are registered before all others and depend on nothing but
the request itself: no session state is read, no storage, no outside service.
Whatever the conversation was doing, an emergency sign gets the safe answer,
and if anything fails while answering one, the error handler still says to
call 911 first.
"""

import logging

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler, AbstractRequestHandler)
from ask_sdk_core.response_helper import ResponseFactory
from ask_sdk_core.utils import is_intent_name

from .. import last_resort
from ..content import prompts, safety
from ..speech import Reply, to_ssml
from . import replies
from .slots import resolved_slot

logger = logging.getLogger(__name__)


class EmergencySignHandler(AbstractRequestHandler):
    """'I can't move my leg', 'I wet myself', 'I need an ambulance'."""

    def can_handle(self, handler_input):
        return is_intent_name("EmergencyIntent")(handler_input)

    def handle(self, handler_input):
        heard, symptom_id = resolved_slot(handler_input, "symptom")
        answer = safety.answer_for_symptom(symptom_id, heard)
        logger.info("emergency intent answered at tier %s", answer.tier)
        if answer.ends_session:
            reply = Reply(answer.speech, card_title=answer.card_title, end_session=True)
        else:
            reply = Reply(answer.speech, reprompt=prompts.ANYTHING_ELSE,
                          card_title=answer.card_title)
        return replies.send(handler_input, reply)


class CallForMeHandler(AbstractRequestHandler):
    """'Call my doctor', 'call my wife': say at once that the skill cannot, and name 911."""

    def can_handle(self, handler_input):
        return is_intent_name("CallForMeIntent")(handler_input)

    def handle(self, handler_input):
        answer = safety.CALL_FOR_ME
        return replies.send(handler_input, Reply(
            answer.speech, card_title=answer.card_title, end_session=True))


class FallbackHandler(AbstractRequestHandler):
    """Alexa could not match the words: steer back, and keep the 911 sentence."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.FallbackIntent")(handler_input)

    def handle(self, handler_input):
        return replies.send(handler_input, Reply(
            prompts.FALLBACK, reprompt=prompts.FALLBACK_REPROMPT), remember=False)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Answer kindly whatever went wrong, keeping the 911 sentence.

    A failure while answering an emergency sign still gets "Call 911 now."
    first. The log names the exception type and where it was raised, never
    its message: messages can carry slot values, and those are the user's words.
    This handler cannot fail itself: the request is read defensively (it may
    have no ``request`` at all), and if the kind answer cannot be sent the
    normal way, it is built again from nothing.
    """

    def can_handle(self, handler_input, exception):
        return True

    def handle(self, handler_input, exception):
        request = getattr(handler_input.request_envelope, "request", None)
        request_type = last_resort.loggable_name(getattr(request, "object_type", None))
        logger.error("unhandled %s while handling %s at %s",
                     type(exception).__name__, request_type, _where(exception))
        # Start from a clean response: the failed handler may have half-built one.
        handler_input.response_builder = ResponseFactory()
        if last_resort.is_silent(request_type):
            return handler_input.response_builder.response
        # Read by hand: is_intent_name itself raises on an IntentRequest with no intent.
        reply = last_resort.reply_for(getattr(getattr(request, "intent", None), "name", None))
        try:
            return replies.send(handler_input, reply, remember=False)
        except Exception as failure:  # noqa: BLE001 - e.g. session attributes that are no dict
            logger.error("error answer failed too: %s", type(failure).__name__)
            builder = handler_input.response_builder = ResponseFactory()
            builder.speak(to_ssml(reply.speech))
            if reply.reprompt:
                builder.ask(to_ssml(reply.reprompt))
            return builder.set_should_end_session(reply.ends_session).response


def _where(exception) -> str:
    """``file:line in function`` of the innermost frame: code, never data."""
    traceback = exception.__traceback__
    while traceback is not None and traceback.tb_next is not None:
        traceback = traceback.tb_next
    if traceback is None:
        return "unknown"
    code = traceback.tb_frame.f_code
    return f"{code.co_filename.rsplit('/', 1)[-1]}:{traceback.tb_lineno} in {code.co_name}"
