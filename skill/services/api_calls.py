"""Calling an Alexa API for one request: failures told apart, and no call after one that stops them.

The timers and the reminders services share this. The time a call may use is
the request's deadline, which its service client carries
(``alexa_api.CallsUntil``): a call made when it has passed fails at once as a
time-out. The SDK's and the API's own failures become a ``reason`` the
handlers can speak to (anything else is our bug and is raised as it is), and
after a failure that will not mend within the request (no permission, the
device offline, the server down, no time left) no further call is tried.
"""

import logging

from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ServiceException

from .alexa_api import failure_kind, raise_if_bug

logger = logging.getLogger(__name__)

PERMISSION = "permission"      # 401/403: never granted, or revoked
TOO_MANY = "too_many"          # 400 on create: the user's limit (our request bodies are tested)
OFFLINE = "offline"            # 504: the device is offline
SERVER = "server"              # 5xx, 429, another error status, or no connection
TIMEOUT = "timeout"            # no answer in time
NOT_FOUND = "not_found"        # 404: it has ended, or was cancelled or deleted


def reason_for(exception, operation: str) -> tuple[str, int | None]:
    """The reason for a failed call, and the HTTP status when the API gave one."""
    kind = failure_kind(exception)
    if kind == "timeout":
        return TIMEOUT, None
    if kind is not None:
        return SERVER, None
    status = getattr(exception, "status_code", None) if isinstance(exception, ServiceException) else None
    if status in (401, 403):
        return PERMISSION, status
    if status == 404:
        return NOT_FOUND, status
    if status == 400 and operation == "create":
        return TOO_MANY, status
    if status == 504:
        return OFFLINE, status
    return SERVER, status


class ApiError(Exception):
    """An Alexa API call failed; ``reason`` is one of the constants above."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


class GuardedCalls:
    """One request's calls to one SDK service client (which ends each call by the request's deadline)."""

    #: Failures after which no further call is tried in the same request.
    STOPS_FURTHER_CALLS = (PERMISSION, OFFLINE, SERVER, TIMEOUT)

    def __init__(self, client, error_class: type[ApiError], api_name: str):
        self.client = client
        self._error_class = error_class
        self._api_name = api_name
        self._stopped: ApiError | None = None

    def call(self, operation: str, call, force: bool = False):
        """``call(client)``; ``force`` tries it even after a failure that stops the others."""
        if self.client is None:
            raise self._error_class(SERVER)
        if self._stopped is not None and not force:
            raise self._error_class(self._stopped.reason, self._stopped.status)
        try:
            return call(self.client)
        except (ServiceException, ApiClientException) as exception:
            raise_if_bug(exception)
            reason, status = reason_for(exception, operation)
            logger.warning("%s %s failed: %s (status %s)", self._api_name, operation, reason, status)
            error = self._error_class(reason, status)
            if reason in self.STOPS_FURTHER_CALLS:
                self._stopped = error
            raise error from None
