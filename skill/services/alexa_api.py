"""The seam to Amazon's Alexa APIs: one HTTP client for every SDK service client.

The SDK's ``DefaultApiClient`` has no time-out at all and opens a new
connection for every call; a hung Alexa API would spend the whole of
Alexa's 8-second budget and the user would hear nothing. ``AlexaApiClient``
keeps one ``requests.Session`` whose connection pool is shared by all threads
(urllib3's pool is thread-safe; the session keeps no cookies, so nothing of
one user's call can ride along on another's) and waits at most
``BSC_ALEXA_API_TIMEOUT`` seconds per call. Redirects are not followed, so the
bearer token goes nowhere but the endpoint.

The time a call may use is passed in, never looked up: ``call(request,
deadline)`` waits no later than ``deadline`` (a ``skill.deadline.Deadline``).
The SDK's service clients call ``invoke(request)`` with no time-out, so each
request's turn hands them ``until(deadline)``, a wrapper of the shared client
that passes the turn's deadline with every call (``service_clients_until``
builds the SDK's factory around it). A slow API can then never hold the
answer past Alexa's 8 seconds.

Only https is allowed, except plain http to a loopback host when
``BSC_DEV_LOOPBACK_ALEXA_API`` is on: that is the simulator's local Alexa API
emulator, for development and tests only.

Failures raise ``ask_sdk_core.exceptions.ApiClientException`` as the SDK
expects; the SDK's service clients turn that into a ``ServiceException``
(status 500) whose ``__context__`` is our exception, so callers can tell a
time-out from a server error (``failure_kind``). Nothing here logs headers,
bodies or URLs with ids in them: the bearer token and the user's data stay out
of the logs.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import TYPE_CHECKING

from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import (
    ApiClient,
    ApiClientResponse,
    ApiConfiguration,
    ServiceClientFactory,
    ServiceException,
)

from ..deadline import Deadline

if TYPE_CHECKING:
    import requests

# requests and urllib3 are imported on first use: most requests never call an
# Alexa API, and importing them costs a third of a Lambda cold start.

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "[::1]", "localhost"})
_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH"})


class AlexaApiTimeout(ApiClientException):
    """The Alexa API did not answer in time (or the shared deadline had passed)."""


class AlexaApiUnreachable(ApiClientException):
    """No connection could be made to the Alexa API."""


class InsecureEndpoint(ApiClientException):
    """The endpoint is not https (and not an allowed loopback emulator)."""


class AlexaApiClient(ApiClient):
    """An ``ApiClient`` with a time-out, connection reuse and an https-only rule."""

    def __init__(self, timeout: float = 3.0, allow_loopback_http: bool = False):
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.timeout = float(timeout)
        self.allow_loopback_http = bool(allow_loopback_http)
        self._session = None
        self._session_lock = threading.Lock()

    # -- the SDK's entry point ---------------------------------------------------------------

    def invoke(self, request):
        """Send one ``ApiClientRequest`` with the per-call time-out alone (see ``until``)."""
        return self.call(request, None)

    def call(self, request, deadline: Deadline | None):
        """Send one ``ApiClientRequest``, waiting no later than ``deadline`` (None: the
        per-call time-out alone); an ``ApiClientResponse`` for any HTTP status."""
        import requests

        method = (request.method or "").upper()
        if method not in _METHODS:
            raise ApiClientException(f"Invalid request method: {request.method}")
        self._check_endpoint(request.url)
        timeout = self._timeout_by(deadline)
        headers = self._headers(request.headers)
        data = None
        if request.body:
            content_type = headers.get("Content-type") or headers.get("Content-Type") or ""
            data = json.dumps(request.body) if "json" in content_type else request.body
        started = time.monotonic()
        try:
            response = self._pooled_session().request(
                method, request.url, headers=headers, data=data,
                timeout=timeout, allow_redirects=False)
        except requests.Timeout as error:
            logger.warning("Alexa API %s timed out after %.1fs", method, time.monotonic() - started)
            raise AlexaApiTimeout("Alexa API call timed out") from error
        except requests.ConnectionError as error:
            logger.warning("Alexa API %s could not connect", method)
            raise AlexaApiUnreachable("Alexa API unreachable") from error
        except requests.RequestException as error:
            logger.warning("Alexa API %s failed: %s", method, type(error).__name__)
            raise ApiClientException("Alexa API call failed") from error
        logger.info("Alexa API %s answered %s in %.0f ms", method, response.status_code,
                    (time.monotonic() - started) * 1000)
        return ApiClientResponse(
            headers=[(key, value) for key, value in response.headers.items()],
            status_code=response.status_code,
            body=self._body(response))

    def until(self, deadline: Deadline) -> CallsUntil:
        """This client for one request: every call it makes ends by ``deadline``."""
        return CallsUntil(self, deadline)

    def close(self):
        """Close the pooled connections (tests and the simulator call this on exit)."""
        with self._session_lock:
            session, self._session = self._session, None
        if session is not None:
            session.close()

    # -- helpers ---------------------------------------------------------------------------

    def _check_endpoint(self, url):
        from urllib3.util import parse_url

        try:
            parsed = parse_url(url or "")
        except ValueError as error:  # urllib3's LocationParseError is one
            raise InsecureEndpoint("Unparseable Alexa API endpoint") from error
        if parsed.scheme == "https" and parsed.host:
            return
        if (self.allow_loopback_http and parsed.scheme == "http"
                and (parsed.host or "").lower() in LOOPBACK_HOSTS):
            return
        raise InsecureEndpoint("Requests against non-HTTPS endpoints are not allowed.")

    def _timeout_by(self, deadline: Deadline | None) -> float:
        if deadline is None:
            return self.timeout
        remaining = deadline.remaining()
        if remaining <= 0.05:
            raise AlexaApiTimeout("No time left for another Alexa API call")
        return min(self.timeout, remaining)

    def _pooled_session(self) -> requests.Session:
        session = self._session
        if session is None:
            import http.cookiejar

            import requests

            with self._session_lock:
                if self._session is None:
                    session = requests.Session()
                    session.trust_env = False  # no proxies or netrc credentials from the host
                    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
                    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=16)
                    session.mount("https://", adapter)
                    session.mount("http://", adapter)
                    self._session = session
                session = self._session
        return session

    @staticmethod
    def _headers(header_list):
        headers = {}
        for key, value in header_list or []:
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        return headers

    @staticmethod
    def _body(response):
        """The body, with a JSON stand-in for error bodies that are not JSON.

        The SDK's service clients parse every error body as JSON; a gateway's
        HTML 504 page would otherwise surface as a serialization error and
        hide the status code that says "device offline".
        """
        text = response.text
        if response.status_code < 400:
            return text
        try:
            json.loads(text)
            return text
        except ValueError:
            return json.dumps({"code": str(response.status_code),
                               "message": response.reason or "error"})


class CallsUntil(ApiClient):
    """The shared ``AlexaApiClient`` as one request's SDK service clients see it: the
    SDK calls ``invoke(request)``, and this passes the request's deadline along."""

    def __init__(self, client: AlexaApiClient, deadline: Deadline):
        self.client = client
        self.deadline = deadline

    def invoke(self, request):
        return self.client.call(request, self.deadline)


def service_clients_until(factory, client: AlexaApiClient | None, deadline: Deadline):
    """The SDK's ``ServiceClientFactory`` for one request, every call ending by ``deadline``.

    ``factory`` is the one the SDK made for the request (its serializer, the
    request's API endpoint and token); None stays None (no API client). With
    ``client`` None the SDK's factory is kept as it is.
    """
    if factory is None or client is None:
        return factory
    base = factory.api_configuration
    return ServiceClientFactory(ApiConfiguration(
        serializer=base.serializer, api_client=client.until(deadline),
        authorization_value=base.authorization_value, api_endpoint=base.api_endpoint))


def failure_kind(exception) -> str | None:
    """Which of our client failures, if any, lies behind an SDK ``ServiceException``.

    "timeout", "unreachable", "insecure" or None (the API answered).
    """
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        if isinstance(exception, AlexaApiTimeout):
            return "timeout"
        if isinstance(exception, AlexaApiUnreachable):
            return "unreachable"
        if isinstance(exception, InsecureEndpoint):
            return "insecure"
        exception = exception.__cause__ or exception.__context__
    return None


def sdk_service_clients(handler_input):
    """The ``ServiceClientFactory`` the SDK made for the request; None when the skill was
    built without an API client."""
    try:
        return handler_input.service_client_factory
    except ValueError:  # what the SDK raises then
        return None


def is_service_failure(exception) -> bool:
    """Whether ``exception`` is the Alexa API failing (an answer the skill must put into words).

    The SDK's service clients raise ``ServiceException`` for an error status,
    and also wrap whatever the API client raised. Only our client's own
    failures (time-out, no connection, refused endpoint, transport error)
    count; anything else raised inside it is a bug, and is not a service failure.
    """
    if isinstance(exception, ApiClientException):
        return True
    if not isinstance(exception, ServiceException):
        return False
    cause = exception.__cause__ or exception.__context__
    return cause is None or isinstance(cause, ApiClientException)


def raise_if_bug(exception) -> None:
    """Re-raise what lies behind a ``ServiceException`` that is not a service failure."""
    if not is_service_failure(exception):
        cause = exception.__cause__ or exception.__context__
        raise (cause or exception)


def build_api_client(settings):
    """The skill's one API client, configured from ``Settings``."""
    return AlexaApiClient(timeout=settings.alexa_api_timeout,
                          allow_loopback_http=settings.dev_loopback_alexa_api)
