"""Handlers imported on the first request they may answer, so a cold start loads only what it uses.

ask-sdk-core asks every registered handler, in order, whether it can answer.
An area's handlers (a module's ``HANDLERS``) are registered as one
``LazyHandlers`` in their place: it knows without importing them which
requests they answer (``claims``: intent names, and request types for the
other requests), imports them on the first such request, and then asks
them in their own order. So the same handler answers every request as if
each were registered itself, and a request no area claims costs one set
lookup per area instead of a call per handler.
"""

import importlib
import threading
from collections.abc import Callable, Iterable, Sequence

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
)
from ask_sdk_model import IntentRequest


def request_key(handler_input) -> str:
    """The intent's name for an IntentRequest, else the request type.

    Read as ``is_intent_name`` and ``is_request_type`` read them, so a
    malformed request (an IntentRequest without an intent) fails here as it
    would in the first handler asked.
    """
    request = handler_input.request_envelope.request
    if isinstance(request, IntentRequest):
        return request.intent.name
    return request.object_type


class _Loaded:
    """What ``load()`` returns, called once, on first use, from any thread."""

    def __init__(self, load: Callable[[], Sequence]):
        self._load = load
        self._value = None
        self._lock = threading.Lock()

    def get(self) -> tuple:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = tuple(self._load())
        return self._value


def module_handlers(module: str, name: str = "HANDLERS") -> Callable[[], Sequence]:
    """A ``load`` for ``skill.handlers.<module>``'s tuple of handlers."""
    return lambda: getattr(importlib.import_module(f"{__package__}.{module}"), name)


class LazyHandlers(AbstractRequestHandler):
    """An area's request handlers, imported on the first request in ``claims``.

    ``prefixes``: request types claimed by their start ("AlexaSkillEvent.").
    """

    def __init__(self, load: Callable[[], Sequence], claims: Iterable[str],
                 prefixes: tuple[str, ...] = ()):
        self.handlers = _Loaded(load)
        self.claims = frozenset(claims)
        self.prefixes = prefixes

    def claimed(self, handler_input) -> bool:
        key = request_key(handler_input)
        return key in self.claims or (bool(self.prefixes) and isinstance(key, str)
                                      and key.startswith(self.prefixes))

    def chosen(self, handler_input):
        """The area's first handler that can answer this request, or None."""
        if self.claimed(handler_input):
            for handler in self.handlers.get():
                if handler.can_handle(handler_input):
                    return handler
        return None

    def can_handle(self, handler_input):
        chosen = self.chosen(handler_input)
        if chosen is None:
            return False
        # Kept for handle(), so the chosen handler's can_handle runs once per request.
        handler_input.attributes_manager.request_attributes[self._chosen_key] = chosen
        return True

    def handle(self, handler_input):
        chosen = handler_input.attributes_manager.request_attributes.pop(self._chosen_key, None)
        return (chosen or self.chosen(handler_input)).handle(handler_input)

    @property
    def _chosen_key(self) -> str:
        return f"bsc.lazy.{id(self)}"


class LazyExceptionHandlers(AbstractExceptionHandler):
    """An area's exception handlers, imported on the first exception of any request."""

    def __init__(self, load: Callable[[], Sequence]):
        self.handlers = _Loaded(load)

    def chosen(self, handler_input, exception):
        for handler in self.handlers.get():
            if handler.can_handle(handler_input, exception):
                return handler
        return None

    def can_handle(self, handler_input, exception):
        return self.chosen(handler_input, exception) is not None

    def handle(self, handler_input, exception):
        return self.chosen(handler_input, exception).handle(handler_input, exception)
