"""The Flask application: ``POST /`` for Alexa, ``GET /healthz`` for balancers,
``GET /privacy`` and ``GET /terms`` for people (``pages``).

Request flow, cheapest refusal first; the skill runs only if every step passes:

0. with verification off (``BSC_DEV_INSECURE``), the peer is a loopback
   address and no proxy header is present, however the server was started
                                                       -> else 403
1. content type ``application/json`` (UTF-8)            -> else 415
2. body no larger than ``BSC_MAX_BODY_BYTES``          -> else 413
3. body is a JSON object with the fields Alexa always sends -> else 400
4. application id is this skill's                      -> else 400
5. verification (headers, URL, timestamp, then the chain
   fetch and the signature: the network comes last)    -> else 400
6. the SDK reads the envelope                          -> else 400
7. ``skill.invoke``; the skill's own exception handler speaks its errors.
   Anything escaping the skill becomes a JSON 500 with no details.

The request's turn starts when it arrives here, before any of these steps:
the skill is handed the moment (``skill.turn.Arrived``), so the time spent
verifying (a certificate fetch can take seconds) comes out of the turn's
budget and the answer still leaves within Alexa's 8 seconds.

Logs carry the request type (only if it looks like one of Amazon's), the
outcome, the status and the latency: never ids, tokens or what the user said.
"""
from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_model import RequestEnvelope
from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..publication import Publisher
from ..settings import Settings
from ..turn import Arrived
from .certificates import ChainFetcher
from .config import is_loopback_host
from .envelope import check_required_fields, loggable_request_type, parse_body
from .errors import BadRequest, EndpointError, PayloadTooLarge, UnsupportedMediaType
from .pages import register_pages
from .verification import (
    RequestVerifier,
    check_application_id,
    load_trust_store,
    utc_now,
)

log = logging.getLogger("skill.web")

INSECURE_BANNER = "\n".join([
    "REQUEST VERIFICATION IS OFF (BSC_DEV_INSECURE=1)",
    "!" * 72,
    "!!  Anyone who can reach this server can impersonate Alexa and any user.",
    "!!  Development only; the server must listen on 127.0.0.1 alone.",
    "!" * 72,
])


@dataclass
class EndpointState:
    settings: Settings
    skill: Any
    verifier: RequestVerifier | None


def _json_response(payload: Mapping, status: int) -> Response:
    return Response(json.dumps(payload, separators=(",", ":")), status=status,
                    mimetype="application/json")


def _error_response(error: str, message: str, status: int) -> Response:
    return _json_response({"error": error, "message": message}, status)


def _where(exc: BaseException) -> str:
    """Code locations of a traceback, without the exception's message (which
    may quote request content)."""
    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    return " <- ".join(
        f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}:{frame.name}"
        for frame in reversed(frames)) or "?"


def _log_unexpected(exc: BaseException) -> None:
    log.error("unexpected %s at %s", type(exc).__name__, _where(exc))


def _check_content_type() -> None:
    if request.mimetype != "application/json":
        raise UnsupportedMediaType("Content-Type must be application/json")
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType("request body must be UTF-8")


def _read_body(limit: int) -> bytes:
    """Read at most ``limit`` bytes; refuse with 413 beyond, chunked or not.

    Werkzeug's own cap (MAX_CONTENT_LENGTH) silently truncates a chunked body
    at the limit, so the limit is enforced here by reading one byte past it.
    """
    declared = request.content_length
    if declared is not None and declared > limit:
        raise PayloadTooLarge(f"request body is larger than {limit} bytes")
    chunks, total = [], 0
    try:
        while True:
            chunk = request.stream.read(min(64 * 1024, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise PayloadTooLarge(f"request body is larger than {limit} bytes")
    except HTTPException:  # e.g. the client went away mid-body
        raise BadRequest("request body was cut short") from None
    return b"".join(chunks)


def _answer(state: EndpointState, outcome: dict, arrived: float) -> Response:
    _check_content_type()
    body = _read_body(state.settings.max_body_bytes)
    envelope = parse_body(body)
    outcome["type"] = loggable_request_type(envelope)
    check_required_fields(envelope)
    check_application_id(envelope, state.settings.skill_id)
    if state.verifier is not None:
        state.verifier.verify(request.headers, body, envelope)

    skill = state.skill
    try:
        # From the parsed envelope: session attributes nested too deeply were reset.
        request_envelope = skill.serializer.deserialize(
            payload=json.dumps(envelope), obj_type=RequestEnvelope)
    except SerializationException:
        raise BadRequest("request envelope does not match the Alexa request format") from None
    response_envelope = skill.invoke(request_envelope=request_envelope, context=Arrived(arrived))
    return _json_response(skill.serializer.serialize(response_envelope), 200)


#: Headers a proxy adds: a request carrying one was relayed from somewhere else.
_PROXY_HEADERS = ("forwarded", "x-forwarded-", "x-real-ip")


def _insecure_peer_guard() -> Response | None:
    """With verification off, serve only requests made on this machine, directly.

    ``python -m skill.web`` and ``gunicorn.conf.py`` already refuse to listen
    beyond loopback; this holds however the app was started (``flask run
    --host 0.0.0.0``, gunicorn without the config, behind a proxy).
    """
    state: EndpointState = current_app.extensions["bsc_web"]
    if state.verifier is not None:
        return None
    relayed = any(name.lower().startswith(_PROXY_HEADERS) for name in request.headers.keys())
    if is_loopback_host(request.remote_addr or "") and not relayed:
        return None
    log.warning("refused: request %s with verification off (BSC_DEV_INSECURE)",
                "relayed by a proxy" if relayed else "from beyond loopback")
    return _error_response(
        "forbidden", "request verification is off: only direct loopback requests are served", 403)


def alexa_endpoint() -> Response:
    arrived = time.monotonic()  # the turn's budget starts here, before verification
    state: EndpointState = current_app.extensions["bsc_web"]
    outcome = {"type": "unknown"}
    try:
        response = _answer(state, outcome, arrived)
        result = "answered"
    except EndpointError as exc:
        response = _error_response(exc.error, exc.message, exc.status)
        result = exc.error
    except Exception as exc:  # outside the skill's own handling: say nothing
        _log_unexpected(exc)
        response = _error_response("internal_error", "internal server error", 500)
        result = "internal_error"
    log.info("alexa request type=%s outcome=%s status=%d latency_ms=%.1f",
             outcome["type"], result, response.status_code,
             (time.monotonic() - arrived) * 1000)
    return response


def healthz() -> Response:
    return _json_response({"status": "ok"}, 200)


def _http_error(exc: HTTPException) -> Response:
    if isinstance(exc, RequestEntityTooLarge):
        return _error_response("payload_too_large", "request body is too large", 413)
    name = (exc.name or "error").lower().replace(" ", "_")
    return _error_response(name, exc.description or exc.name or "error", exc.code or 500)


def _unexpected_error(exc: Exception) -> Response:
    _log_unexpected(exc)
    return _error_response("internal_error", "internal server error", 500)


def create_app(skill, settings: Settings, *, cert_transport: Callable | None = None,
               clock: Callable | None = None) -> Flask:
    """The endpoint app serving ``skill``, configured by ``settings`` (nothing else is read).

    ``cert_transport`` (how signing chains are fetched; HTTPS by default) and ``clock``
    are seams for tests and tools. Raises ``ConfigError`` for settings the endpoint
    may not start with (``Settings.checked_for_web``).
    """
    settings = settings.checked_for_web()
    verifier = None
    if settings.verify_requests:
        store, store_path, root_count = load_trust_store(settings.trust_store)
        fetcher = ChainFetcher(cert_transport, timeout=settings.cert_fetch_timeout,
                               max_bytes=settings.cert_max_bytes)
        verifier = RequestVerifier(store, fetcher, clock=clock or utc_now)
        log.info("request verification on: %d trusted roots from %s",
                 root_count, store_path)
    else:
        log.warning(INSECURE_BANNER)

    app = Flask(__name__)
    app.extensions["bsc_web"] = EndpointState(settings=settings, skill=skill,
                                              verifier=verifier)
    app.before_request(_insecure_peer_guard)
    app.add_url_rule("/", "alexa", alexa_endpoint, methods=["POST"])
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
    # GET /privacy and /terms, linked from the skill's manifest.
    register_pages(app, Publisher.of(settings.operator_name, settings.operator_contact))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


def app_from_environment(environ: Mapping[str, str] | None = None) -> Flask:
    """The web door: settings read once from the environment, the skill built once, the app.

    What gunicorn (``gunicorn.conf.py``) and ``python -m skill.web`` serve.
    """
    from .. import build_skill

    settings = Settings.from_env(environ).checked_for_web()
    return create_app(build_skill(settings), settings)
