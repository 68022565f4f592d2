"""Launch, help, stop and cancel, going home, session end, and skill events."""

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import get_request_type, is_intent_name, is_request_type

from .. import state
from ..content import prompts
from ..speech import Reply, join
from ..turn import memory_for
from . import offers, replies
from .slots import slot_value

logger = logging.getLogger(__name__)


class LaunchHandler(AbstractRequestHandler):
    """'Open back spasm coach': a short welcome, the disclaimer the first time, two examples."""

    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        memory = memory_for(handler_input)
        if memory.heard_disclaimer():
            speech = join(prompts.WELCOME_RETURNING, prompts.WELCOME_EXAMPLES)
        else:
            speech = join(prompts.WELCOME_FIRST, prompts.DISCLAIMER, prompts.WELCOME_EXAMPLES)
            memory.mark_disclaimer_heard()
            state.session(handler_input)[state.DISCLAIMER_SAID] = True
        return replies.send(handler_input, Reply(speech, reprompt=prompts.WELCOME_REPROMPT))


class HelpHandler(AbstractRequestHandler):
    """'Help': what the skill can do, or how to move through the topic being read."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.HelpIntent")(handler_input)

    def handle(self, handler_input):
        topic_id, _ = state.current_topic(handler_input)
        if topic_id is None:
            speech = prompts.HELP_GENERAL
        else:
            from ..content import guide  # here: a launch never reads a topic

            speech = prompts.HELP_IN_TOPIC.format(topic=guide.TOPICS[topic_id].name)
        return replies.send(handler_input, Reply(speech, reprompt=prompts.HELP_REPROMPT))


def _timer_running(handler_input) -> bool:
    """Whether a timer set in this session is still running, by our own count."""
    if not state.session(handler_input).get(state.SESSION_TIMERS):
        return False  # most goodbyes: the timers' modules are not loaded for them
    from ..sessions.timer_records import one_running_this_session

    return one_running_this_session(handler_input)


class StopOrCancelHandler(AbstractRequestHandler):
    """'Stop', 'cancel', 'never mind': leave at once; a timer set here keeps running, and we say so.

    "Cancel" said right after a heat or ice timer was set cancels that timer instead: the
    sessions area answers that first (``sessions.CancelJustStartedHandler``).
    """

    def can_handle(self, handler_input):
        return (is_intent_name("AMAZON.StopIntent")(handler_input)
                or is_intent_name("AMAZON.CancelIntent")(handler_input))

    def handle(self, handler_input):
        return _goodbye(handler_input)


class ThanksHandler(AbstractRequestHandler):
    """'Thanks', 'got it': not a goodbye yet. The session stays open with "anything else?";
    "no" then says goodbye, as stop would. 'Okay, good night' (the ``farewell`` slot) is a
    goodbye at once: a social closing, like thanks, that means the person is leaving.
    'Hello', 'hi, it's me again' (the ``greeting`` slot): a hello back and what can be asked."""

    def can_handle(self, handler_input):
        return is_intent_name("ThanksIntent")(handler_input)

    def handle(self, handler_input):
        if slot_value(handler_input, "farewell"):
            return _goodbye(handler_input)
        if slot_value(handler_input, "greeting"):
            return replies.send(handler_input, Reply(prompts.GREETING, reprompt=prompts.WELCOME_REPROMPT))
        state.set_offer(handler_input, state.OFFER_ANYTHING_ELSE)
        return replies.send(handler_input, Reply(prompts.THANKS, reprompt=prompts.THANKS_REPROMPT))


def _goodbye(handler_input, offer=None):
    """Leave, saying whether a timer set here keeps running."""
    goodbye = (prompts.GOODBYE_TIMER_RUNNING if _timer_running(handler_input) else prompts.GOODBYE)
    return replies.send(handler_input, Reply(goodbye, end_session=True))


def _yes_to_anything_else(handler_input, offer):
    return replies.send(handler_input, Reply(prompts.ANYTHING_ELSE_YES, reprompt=prompts.HELP_GENERAL))


#: What "yes" and "no" do to this module's offer (``handlers.offers`` dispatches).
OFFER_ANSWERS = {state.OFFER_ANYTHING_ELSE: offers.OfferAnswers(yes=_yes_to_anything_else, no=_goodbye)}


class NavigateHomeHandler(AbstractRequestHandler):
    """'Go home': drop the topic being read and start fresh."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NavigateHomeIntent")(handler_input)

    def handle(self, handler_input):
        state.clear_topic(handler_input)
        return replies.send(handler_input, Reply(prompts.HOME, reprompt=prompts.WELCOME_REPROMPT))


class SessionEndedHandler(AbstractRequestHandler):
    """The session closed (silence, 'exit', or an error on the device): nothing to say."""

    def can_handle(self, handler_input):
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input):
        reason = getattr(handler_input.request_envelope.request, "reason", None)
        logger.info("session ended: %s", getattr(reason, "value", reason))
        return handler_input.response_builder.response


class ExceptionEncounteredHandler(AbstractRequestHandler):
    """Alexa reports that our last response could not be used: log its kind, say nothing."""

    def can_handle(self, handler_input):
        return is_request_type("System.ExceptionEncountered")(handler_input)

    def handle(self, handler_input):
        error = getattr(handler_input.request_envelope.request, "error", None)
        logger.error("Alexa could not use the last response: %s",
                     getattr(getattr(error, "object_type", None), "value", "unknown error"))
        return handler_input.response_builder.response


class SkillEventHandler(AbstractRequestHandler):
    """Skill events from Alexa; disabling the skill erases what it remembers."""

    def can_handle(self, handler_input):
        return get_request_type(handler_input).startswith("AlexaSkillEvent.")

    def handle(self, handler_input):
        request_type = get_request_type(handler_input)
        if request_type == "AlexaSkillEvent.SkillDisabled":
            # Reminders first: Alexa API calls end before the time kept for storage.
            from ..reminders.records import delete_all

            delete_all(handler_input)
            memory_for(handler_input).forget()
        logger.info("skill event handled: %s", request_type)
        return handler_input.response_builder.response


HANDLERS = (
    LaunchHandler(),
    HelpHandler(),
    StopOrCancelHandler(),
    ThanksHandler(),
    NavigateHomeHandler(),
    SessionEndedHandler(),
    ExceptionEncounteredHandler(),
    SkillEventHandler(),
)
