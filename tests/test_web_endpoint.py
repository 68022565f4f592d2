"""The Flask endpoint: signed requests answered, everything else refused unheard.

Real signatures over real bodies, from a self-made CA (tests/web_pki.py) that
the app is told to trust. The chain is "fetched" through the app's real
fetcher, URL rules and cache, with only the network transport replaced by an
in-memory S3. A spy around the real skill proves refused requests never reach it.
"""
import datetime as dt
import json
import logging
import sys

import pytest
from envelopes import (
    DEFAULT_USER,
    SKILL_ID,
    Said,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
    skill_event,
    slot,
)
from web_pki import CHAIN_URL, pem, sign, test_pki

from skill.web import create_app
from skill.web.errors import CertificateFetchFailed

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture(autouse=True)
def now_is_when_the_test_starts():
    """``NOW`` (the test clock's default, and the stamp tests write) is read afresh per test:
    a stamp from when this module was imported is stale by the time a long suite reaches it."""
    global NOW
    NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(autouse=True)
def fresh_now(monkeypatch):
    """NOW is this test's start, not the module's import: a long suite would make it stale."""
    monkeypatch.setattr(sys.modules[__name__], "NOW", dt.datetime.now(dt.UTC).replace(microsecond=0))


class Clock:
    def __init__(self, now=None):
        self.now = now or NOW

    def __call__(self):
        return self.now


class FakeS3:
    """The transport seam: URL -> bytes (or an exception to raise)."""

    def __init__(self, objects):
        self.objects = dict(objects)
        self.calls = []

    def __call__(self, url, timeout, max_bytes):
        self.calls.append(url)
        found = self.objects.get(url)
        if found is None:
            raise CertificateFetchFailed("certificate chain URL answered HTTP 404")
        if isinstance(found, BaseException):
            raise found
        return found


class SpySkill:
    """The real skill, counting invocations."""

    def __init__(self, skill):
        self._skill = skill
        self.calls = 0

    @property
    def serializer(self):
        return self._skill.serializer

    def invoke(self, request_envelope, context=None):
        self.calls += 1
        return self._skill.invoke(request_envelope=request_envelope, context=context)


@pytest.fixture(scope="module")
def pki():
    return test_pki()


@pytest.fixture
def trust_store(tmp_path, pki):
    path = tmp_path / "trusted-roots.pem"
    path.write_bytes(pki.root_pem)
    return str(path)


@pytest.fixture
def endpoint(pki, trust_store, settings, skill):
    """A factory: ``endpoint(skill=None, **settings)`` -> (client, spy, s3, clock): the web door
    serving this test's skill (or ``skill``), verifying against the test PKI."""

    def make(s3_objects=None, skill=skill, **changes):
        clock = Clock()
        s3 = FakeS3({CHAIN_URL: pki.chain_pem} if s3_objects is None else s3_objects)
        spy = SpySkill(skill)
        web_settings = settings._replace(skill_id=SKILL_ID, trust_store=trust_store, **changes)
        app = create_app(spy, web_settings, cert_transport=s3, clock=clock)
        return app.test_client(), spy, s3, clock

    return make


def launch_body(at=None, **request_fields):
    """A signed-request body stamped ``at`` (now, when the request is built, by default)."""
    at = at or dt.datetime.now(dt.UTC)
    request = {**launch_request(), "timestamp": iso(at), **request_fields}
    return envelope(request)


def encode(body) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")


def post(client, body, *, key=None, chain_url=CHAIN_URL, signature=None,
         content_type="application/json", drop=(), extra=None):
    """POST ``body`` signed with ``key`` (default: the test signing key)."""
    raw = encode(body)
    headers = {
        "Content-Type": content_type,
        "SignatureCertChainUrl": chain_url,
        "Signature-256": signature if signature is not None else sign(key or test_pki().signing_key, raw),
    }
    headers.update(extra or {})
    for name in drop:
        headers.pop(name, None)
    return client.post("/", data=raw, headers=headers)


def assert_refused(response, spy, status=400, error="verification_failed"):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    payload = response.get_json()
    assert payload["error"] == error
    assert payload["message"]
    assert spy.calls == 0


# --- answered -------------------------------------------------------------------

def test_signed_launch_request_is_answered_with_speech(endpoint):
    client, spy, s3, _ = endpoint()
    response = post(client, launch_body())
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    said = Said(response.get_json())
    assert said.speech
    assert spy.calls == 1
    assert s3.calls == [CHAIN_URL]


def test_signed_help_intent_is_answered(endpoint):
    client, spy, _, _ = endpoint()
    body = envelope({**intent_request("AMAZON.HelpIntent"), "timestamp": iso(NOW)})
    response = post(client, body)
    assert response.status_code == 200
    assert Said(response.get_json()).speech


def test_skill_disabled_event_is_accepted_and_handed_to_the_skill(endpoint):
    client, spy, _, _ = endpoint()
    body = envelope({**skill_event("AlexaSkillEvent.SkillDisabled"), "timestamp": iso(NOW)},
                    with_session=False)
    response = post(client, body)
    assert response.status_code == 200
    assert spy.calls == 1


@pytest.mark.parametrize("chain_url", [
    "https://s3.amazonaws.com:443/echo.api/echo-api-cert-test.pem",
    "HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/./echo-api-cert-test.pem",
])
def test_equivalent_spellings_of_the_chain_url_are_accepted(endpoint, chain_url):
    client, spy, s3, _ = endpoint()
    response = post(client, launch_body(), chain_url=chain_url)
    assert response.status_code == 200, response.get_json()
    assert s3.calls == [CHAIN_URL]  # the canonical URL is what gets fetched


def test_header_names_are_case_insensitive(endpoint):
    client, spy, _, _ = endpoint()
    raw = encode(launch_body())
    response = client.post("/", data=raw, headers={
        "content-type": "application/json; charset=utf-8",
        "signaturecertchainurl": CHAIN_URL,
        "SIGNATURE-256": test_pki().sign(raw),
    })
    assert response.status_code == 200


# --- refused: signature and headers -------------------------------------------

def test_forged_signature_is_refused(endpoint, pki):
    client, spy, _, _ = endpoint()
    assert_refused(post(client, launch_body(), key=pki.other_root_key), spy)


def test_body_changed_after_signing_is_refused(endpoint, pki):
    client, spy, _, _ = endpoint()
    body = launch_body()
    signature = pki.sign(encode(body))
    body["request"]["locale"] = "en-GB"
    assert_refused(post(client, body, signature=signature), spy)


def test_body_reformatted_after_signing_is_refused(endpoint, pki):
    """The signature covers the exact bytes, not the JSON they parse to."""
    client, spy, _, _ = endpoint()
    body = launch_body()
    signature = pki.sign(json.dumps(body).encode())
    assert_refused(post(client, json.dumps(body, indent=2).encode(), signature=signature), spy)


@pytest.mark.parametrize("header", ["Signature-256", "SignatureCertChainUrl"])
def test_missing_header_is_refused(endpoint, header):
    client, spy, s3, _ = endpoint()
    assert_refused(post(client, launch_body(), drop=[header]), spy)
    assert s3.calls == []


def test_legacy_sha1_signature_header_alone_is_refused(endpoint, pki):
    client, spy, _, _ = endpoint()
    body = launch_body()
    response = post(client, body, drop=["Signature-256"],
                    extra={"Signature": pki.sign(encode(body))})
    assert_refused(response, spy)


@pytest.mark.parametrize("signature", ["", "not base64!", "A" * 5000])
def test_malformed_signature_is_refused(endpoint, signature):
    client, spy, _, _ = endpoint()
    assert_refused(post(client, launch_body(), signature=signature), spy)


# --- refused: certificate URL -----------------------------------------------

@pytest.mark.parametrize("chain_url", [
    "http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
    "ftp://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
    "https://notamazon.com/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-test.pem",
    "https://evil.example/s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com@evil.example/echo.api/echo-api-cert-test.pem",
    "https://user@s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com:563/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com:8443/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com:notaport/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/invalid.path/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/../evil/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/../../echo.api.evil/cert.pem",
    "https://s3.amazonaws.com/ECHO.API/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api",
    "https://s3.amazonaws.com//echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/%2e%2e/evil/cert.pem",
    "https://s3.amazonaws.com/echo.api/..%2fevil/cert.pem",
    "https://s3.amazonaws.com/echo.api\\..\\evil/cert.pem",
    "https://s3.amazonaws.com/echo.api/cert.pem?x=1",
    "https://s3.amazonaws.com/echo.api/cert.pem#frag",
    "https://s3.amazonaws.com/echo.api/c ert.pem",
    "/echo.api/echo-api-cert-test.pem",
    "s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
])
def test_chain_url_outside_amazons_rules_is_refused_without_fetching(endpoint, pki, chain_url):
    # Even if the fake S3 would serve a valid chain at that URL, it is never asked.
    client, spy, s3, _ = endpoint({CHAIN_URL: pki.chain_pem, chain_url: pki.chain_pem})
    assert_refused(post(client, launch_body(), chain_url=chain_url), spy)
    assert s3.calls == []


# --- refused: the signing certificate and its chain ---------------------------

def _refused_with_chain(endpoint, chain_pem):
    client, spy, s3, _ = endpoint({CHAIN_URL: chain_pem})
    assert_refused(post(client, launch_body()), spy)
    assert s3.calls == [CHAIN_URL]


def test_expired_signing_certificate_is_refused(endpoint, pki):
    leaf = pki.leaf(not_before=NOW - dt.timedelta(days=30), not_after=NOW - dt.timedelta(seconds=1))
    _refused_with_chain(endpoint, pki.chain_for(leaf))


def test_not_yet_valid_signing_certificate_is_refused(endpoint, pki):
    leaf = pki.leaf(not_before=NOW + dt.timedelta(hours=1), not_after=NOW + dt.timedelta(days=30))
    _refused_with_chain(endpoint, pki.chain_for(leaf))


@pytest.mark.parametrize("dns_names", [
    ["echo-api.example.com"],
    ["*.amazon.com"],
    ["echo-api.amazon.com.evil.example"],
    [],
])
def test_signing_certificate_without_echo_api_name_is_refused(endpoint, pki, dns_names):
    leaf = pki.leaf(dns_names=dns_names)
    _refused_with_chain(endpoint, pki.chain_for(leaf))


def test_chain_to_an_untrusted_root_is_refused(endpoint, pki):
    _refused_with_chain(endpoint, pki.untrusted_chain_pem())


def test_chain_including_an_untrusted_root_is_still_refused(endpoint, pki):
    _refused_with_chain(endpoint, pki.untrusted_chain_pem() + pem(pki.other_root))


def test_signing_certificate_alone_without_intermediate_is_refused(endpoint, pki):
    _refused_with_chain(endpoint, pem(pki.signing_cert))


def test_signing_certificate_issued_directly_by_a_ca_that_is_not_a_ca_is_refused(endpoint, pki):
    # A leaf (not a CA) posing as the intermediate: path validation says no.
    from web_pki import make_leaf

    fake = make_leaf(pki.signing_key, pki.signing_cert, pki.signing_key)
    _refused_with_chain(endpoint, pem(fake, pki.signing_cert, pki.intermediate))


@pytest.mark.parametrize("served", [b"", b"not a certificate", b"-----BEGIN CERTIFICATE-----\nAAAA\n"])
def test_garbage_served_as_the_chain_is_refused(endpoint, served):
    _refused_with_chain(endpoint, served)


# --- refused: fetch problems are the request's problem, never a 500 -------------

@pytest.mark.parametrize("failure", [
    TimeoutError("timed out"),
    CertificateFetchFailed("certificate chain fetch timed out"),
    ConnectionResetError("reset"),
    RuntimeError("anything else the transport might raise"),
])
def test_fetch_failures_are_refused_with_400(endpoint, failure):
    client, spy, _, _ = endpoint({CHAIN_URL: failure})
    assert_refused(post(client, launch_body()), spy)


def test_missing_chain_object_is_refused_with_400(endpoint):
    client, spy, _, _ = endpoint({})  # the fake S3 answers 404
    assert_refused(post(client, launch_body()), spy)


def test_chain_larger_than_the_cap_is_refused_even_if_the_transport_ignores_it(endpoint, pki):
    client, spy, _, _ = endpoint({CHAIN_URL: pki.chain_pem + b"\n" * 70000})
    assert_refused(post(client, launch_body()), spy)


# --- the certificate cache ----------------------------------------------------

def test_chain_is_fetched_once_for_many_requests(endpoint):
    client, spy, s3, _ = endpoint()
    for _ in range(3):
        assert post(client, launch_body()).status_code == 200
    assert s3.calls == [CHAIN_URL]
    assert spy.calls == 3


def test_a_failed_chain_url_is_remembered_for_a_minute_then_fetched_again(endpoint, pki):
    client, spy, s3, clock = endpoint({})
    assert post(client, launch_body()).status_code == 400
    s3.objects[CHAIN_URL] = pki.chain_pem
    clock.now = NOW + dt.timedelta(seconds=30)
    response = post(client, launch_body(at=clock.now))
    assert response.status_code == 400 and "recently" in response.get_json()["message"]
    assert s3.calls == [CHAIN_URL]  # no second fetch inside the minute
    clock.now = NOW + dt.timedelta(seconds=61)
    assert post(client, launch_body(at=clock.now)).status_code == 200
    assert s3.calls == [CHAIN_URL, CHAIN_URL]


def test_forged_requests_naming_random_chain_urls_cause_a_bounded_number_of_fetches(endpoint):
    import uuid

    client, spy, s3, _ = endpoint()
    assert post(client, launch_body()).status_code == 200  # Amazon's chain, verified and cached
    for _ in range(200):
        forged_url = f"https://s3.amazonaws.com/echo.api/{uuid.uuid4().hex}.pem"
        assert post(client, launch_body(), chain_url=forged_url).status_code == 400
    assert len(s3.calls) <= 1 + 32
    assert post(client, launch_body()).status_code == 200  # the real chain is unaffected
    assert spy.calls == 2


def test_signing_key_under_2048_bits_is_refused(endpoint, pki):
    from cryptography.hazmat.primitives.asymmetric import rsa
    from web_pki import make_leaf

    weak_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    weak_leaf = make_leaf(weak_key, pki.intermediate, pki.intermediate_key)
    client, spy, _, _ = endpoint({CHAIN_URL: pki.chain_for(weak_leaf)})
    response = post(client, launch_body(), key=weak_key)
    assert_refused(response, spy)
    assert "2048" in response.get_json()["message"]


def test_cached_chain_expires_with_its_signing_certificate(endpoint, pki):
    short_lived = pki.leaf(not_before=NOW - dt.timedelta(days=1),
                           not_after=NOW + dt.timedelta(minutes=10))
    client, spy, s3, clock = endpoint({CHAIN_URL: pki.chain_for(short_lived)})
    assert post(client, launch_body()).status_code == 200
    clock.now = NOW + dt.timedelta(minutes=5)
    assert post(client, launch_body(at=clock.now)).status_code == 200
    assert len(s3.calls) == 1
    clock.now = NOW + dt.timedelta(minutes=11)
    response = post(client, launch_body(at=clock.now))
    assert response.status_code == 400
    assert "expired" in response.get_json()["message"]
    assert len(s3.calls) == 2
    assert spy.calls == 2


# --- refused: timestamps ------------------------------------------------------

@pytest.mark.parametrize("offset,accepted", [
    (0, True), (-150, True), (150, True), (-151, False), (151, False),
    (-3600, False), (86400, False),
])
def test_request_timestamp_must_be_within_150_seconds(endpoint, offset, accepted):
    client, spy, _, _ = endpoint()
    response = post(client, launch_body(at=NOW + dt.timedelta(seconds=offset)))
    if accepted:
        assert response.status_code == 200
    else:
        assert_refused(response, spy)


@pytest.mark.parametrize("event_type", [
    "AlexaSkillEvent.SkillDisabled", "AlexaSkillEvent.SkillEnabled",
    "AlexaSkillEvent.SkillPermissionAccepted",
])
@pytest.mark.parametrize("offset,accepted", [
    (-3600, True), (3600, True), (-3601, False), (3601, False),
])
def test_skill_events_get_an_hour(endpoint, event_type, offset, accepted):
    client, spy, _, _ = endpoint()
    body = envelope({**skill_event(event_type), "timestamp": iso(NOW + dt.timedelta(seconds=offset))},
                    with_session=False)
    response = post(client, body)
    if accepted:
        assert response.status_code == 200, response.get_json()
        assert spy.calls == 1
    else:
        assert_refused(response, spy)


@pytest.mark.parametrize("stamp", ["yesterday", "2024-13-45T00:00:00Z", "", 1700000000])
def test_unreadable_timestamp_is_refused(endpoint, stamp):
    client, spy, _, _ = endpoint()
    response = post(client, launch_body(timestamp=stamp))
    assert response.status_code == 400
    assert spy.calls == 0


# --- refused: application id --------------------------------------------------

def _with_application_id(body, app_id, where=("context", "session")):
    if "context" in where:
        body["context"]["System"]["application"]["applicationId"] = app_id
    if "session" in where:
        body["session"]["application"]["applicationId"] = app_id
    return body


def test_request_for_another_skill_is_refused_before_any_fetch(endpoint):
    client, spy, s3, _ = endpoint()
    body = _with_application_id(launch_body(), "amzn1.ask.skill.someone-else")
    assert_refused(post(client, body), spy)
    assert s3.calls == []


@pytest.mark.parametrize("where", [("context",), ("session",)])
def test_disagreeing_application_ids_are_refused(endpoint, where):
    client, spy, _, _ = endpoint()
    body = _with_application_id(launch_body(), "amzn1.ask.skill.someone-else", where)
    assert_refused(post(client, body), spy)


def test_application_id_only_in_the_session_is_refused(endpoint):
    """Alexa names the skill in context.System; the SDK reads it only there."""
    client, spy, _, _ = endpoint()
    body = launch_body()
    del body["context"]["System"]["application"]
    assert_refused(post(client, body), spy)


def test_skill_event_without_a_session_uses_the_context_application_id(endpoint):
    client, spy, _, _ = endpoint()
    body = envelope({**skill_event(), "timestamp": iso(NOW)}, with_session=False)
    body["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.other"
    assert_refused(post(client, body), spy)


def test_request_naming_no_application_id_is_refused(endpoint):
    client, spy, _, _ = endpoint()
    body = launch_body()
    del body["context"]["System"]["application"]
    del body["session"]["application"]
    assert_refused(post(client, body), spy)


# --- bad input ----------------------------------------------------------------

@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'"a string"', b"\xff\xfe{}", b"[" * 100000])
def test_body_that_is_not_a_json_object_gets_400(endpoint, raw):
    client, spy, _, _ = endpoint()
    assert_refused(post(client, raw), spy, 400, "bad_request")


@pytest.mark.parametrize("depth", [600, 15_000])
def test_a_body_nested_hundreds_deep_is_refused_before_it_is_parsed(endpoint, depth):
    """Parsing recurses once per level: a body is refused as nested too deeply, never left
    to run the parser into Python's recursion limit (which said "not JSON" before)."""
    client, spy, _, _ = endpoint()
    response = post(client, b'{"request": ' * depth + b"null" + b"}" * depth)
    assert_refused(response, spy, 400, "bad_request")
    assert "nested too deeply" in response.get_json()["message"]


def test_brackets_inside_strings_are_not_nesting(endpoint):
    client, spy, _, _ = endpoint()
    body = launch_body()
    body["session"]["attributes"] = {"last_speech": "{[" * 1000}
    response = post(client, body)
    assert response.status_code == 200, response.get_json()
    assert spy.calls == 1


@pytest.mark.parametrize("content_type", [
    "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1", "",
])
def test_wrong_content_type_gets_415(endpoint, content_type):
    client, spy, _, _ = endpoint()
    response = post(client, launch_body(), content_type=content_type)
    if not content_type:
        response = post(client, launch_body(), drop=["Content-Type"])
    assert_refused(response, spy, 415, "unsupported_media_type")


@pytest.mark.parametrize("path", [
    ("version",), ("request",), ("request", "type"), ("request", "requestId"),
    ("request", "timestamp"), ("context",), ("context", "System"),
])
def test_envelope_missing_a_required_field_gets_400(endpoint, path):
    client, spy, _, _ = endpoint()
    body = launch_body()
    node = body
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    assert_refused(post(client, body), spy, 400, "bad_request")


def test_envelope_with_context_of_the_wrong_shape_gets_400(endpoint):
    client, spy, _, _ = endpoint()
    body = launch_body()
    body["context"] = "not an object"
    assert_refused(post(client, body), spy, 400, "bad_request")


def test_signed_envelope_of_an_unknown_request_type_gets_400_not_500(endpoint):
    client, spy, _, _ = endpoint()
    body = launch_body(type="Made.Up.RequestType")
    assert_refused(post(client, body), spy, 400, "bad_request")


def test_body_over_the_cap_gets_413(endpoint):
    client, spy, s3, _ = endpoint(max_body_bytes=4096)
    body = launch_body()
    body["padding"] = "x" * 5000
    assert_refused(post(client, body), spy, 413, "payload_too_large")
    assert s3.calls == []


def test_chunked_body_over_the_cap_gets_413_not_a_truncated_read(endpoint):
    """A body without Content-Length is still measured, not cut at the cap."""
    import io

    client, spy, s3, _ = endpoint(max_body_bytes=4096)
    raw = encode(launch_body()) + b" " * 5000  # valid JSON if cut anywhere past the object
    from flask import Response
    from werkzeug.test import EnvironBuilder, run_wsgi_app

    environ = EnvironBuilder(path="/", method="POST", input_stream=io.BytesIO(raw), headers={
        "Content-Type": "application/json", "Transfer-Encoding": "chunked",
        "SignatureCertChainUrl": CHAIN_URL, "Signature-256": test_pki().sign(raw),
    }).get_environ()
    del environ["CONTENT_LENGTH"]  # as a server passes a chunked body on
    environ["wsgi.input_terminated"] = True
    # Straight to the WSGI app: the test client would recompute the length.
    body, status, headers = run_wsgi_app(client.application, environ)
    response = Response(b"".join(body), status=status, headers=headers)
    assert_refused(response, spy, 413, "payload_too_large")
    assert s3.calls == []


def test_body_under_the_cap_is_answered(endpoint):
    client, spy, _, _ = endpoint(max_body_bytes=4096)
    assert post(client, launch_body()).status_code == 200


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_on_the_endpoint_get_json_405(endpoint, method):
    client, spy, _, _ = endpoint()
    response = getattr(client, method)("/")
    assert response.status_code == 405
    assert response.get_json()["error"]
    assert spy.calls == 0


def test_unknown_path_gets_json_404(endpoint):
    client, _, _, _ = endpoint()
    response = client.post("/admin")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_healthz_answers_ok(endpoint):
    client, spy, s3, _ = endpoint()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert spy.calls == 0 and s3.calls == []


# --- errors inside and outside the skill ------------------------------------------

def test_skill_exception_gets_the_skills_own_spoken_error(endpoint, monkeypatch):
    from skill.content import prompts
    from skill.handlers import lifecycle
    from skill.speech import to_plain_text

    def broken(self, handler_input):
        raise RuntimeError("handler failed")

    monkeypatch.setattr(lifecycle.HelpHandler, "handle", broken)
    client, spy, _, _ = endpoint()
    body = envelope({**intent_request("AMAZON.HelpIntent"), "timestamp": iso(NOW)})
    response = post(client, body)
    assert response.status_code == 200
    assert to_plain_text(prompts.ERROR) in Said(response.get_json()).speech


class ExplodingSkill(SpySkill):
    def invoke(self, request_envelope, context=None):
        self.calls += 1
        raise RuntimeError("secret words from " + DEFAULT_USER)


def test_error_outside_the_skill_is_a_json_500_without_details(endpoint, skill, caplog):
    client, spy, _, _ = endpoint(skill=ExplodingSkill(skill))
    with caplog.at_level(logging.DEBUG):
        response = post(client, launch_body())
    assert response.status_code == 500
    assert response.get_json() == {"error": "internal_error", "message": "internal server error"}
    text = response.get_data(as_text=True)
    assert "secret" not in text and "Traceback" not in text
    assert all("secret" not in record.getMessage() for record in caplog.records)
    assert any("RuntimeError" in record.getMessage() for record in caplog.records)


# --- logs ---------------------------------------------------------------------

def test_logs_never_carry_user_ids_tokens_or_what_the_user_said(endpoint, caplog):
    client, _, _, _ = endpoint()
    user = "amzn1.ask.account.PRIVATEUSER42"
    words = "zebra grooming tonic"
    token = "private-consent-token-77"
    bodies = [
        envelope({**launch_request(), "timestamp": iso(NOW)}, user_id=user, permissions_token=token),
        envelope({**intent_request("MedicineIntent", slot("medicine", words)), "timestamp": iso(NOW)},
                 user_id=user, permissions_token=token),
        envelope({**session_ended_request(), "timestamp": iso(NOW)}, user_id=user),
        envelope({**skill_event(), "timestamp": iso(NOW)}, user_id=user, with_session=False),
        # and the refusals
        envelope({**launch_request(), "timestamp": iso(NOW - dt.timedelta(hours=2))}, user_id=user),
        _with_application_id(envelope({**launch_request(), "timestamp": iso(NOW)}, user_id=user),
                             "amzn1.ask.skill.other"),
    ]
    with caplog.at_level(logging.DEBUG):
        for body in bodies:
            post(client, body)
        post(client, bodies[0], key=test_pki().other_root_key)
    assert caplog.records, "the endpoint logs each request"
    secrets = [user, words, token, "test-api-access-token", "amzn1.echo-api.session",
               "amzn1.echo-api.request", "TESTDEVICE"]
    for record in caplog.records:
        line = record.getMessage()
        for secret in secrets:
            assert secret not in line, (secret, line)
    endpoint_lines = [r.getMessage() for r in caplog.records if r.name == "skill.web"]
    assert any("type=IntentRequest outcome=answered status=200" in l for l in endpoint_lines)
    assert any("outcome=verification_failed status=400" in l for l in endpoint_lines)


# --- whatever shape a signed envelope takes, never a 500 ----------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8)

_PATHS = [
    ("request", "intent"), ("request", "intent", "slots"), ("request", "intent", "name"),
    ("request", "locale"), ("request", "reason"), ("request", "error"), ("request", "payload"),
    ("context", "System", "user"), ("context", "System", "device"), ("context", "System", "apiEndpoint"),
    ("context", "System", "apiAccessToken"), ("context", "System", "user", "permissions"),
    ("context", "Viewport"), ("session", "attributes"), ("session", "new"), ("session", "user"),
    ("session", "sessionId"), ("version",),
]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(["launch", "help", "medicine", "ended", "event"]),
       path=st.sampled_from(_PATHS), value=_json_values)
def test_signed_envelopes_of_any_shape_never_get_a_500(endpoint, base, path, value):
    client, _, _, _ = endpoint()
    requests = {
        "launch": launch_request(), "help": intent_request("AMAZON.HelpIntent"),
        "medicine": intent_request("MedicineIntent", slot("medicine", "ibuprofen")),
        "ended": session_ended_request(), "event": skill_event(),
    }
    body = envelope({**requests[base], "timestamp": iso(NOW)})
    node = body
    for key in path[:-1]:
        node = node.setdefault(key, {}) if isinstance(node, dict) else {}
    if isinstance(node, dict):
        node[path[-1]] = value
    response = post(client, body)
    assert response.status_code in (200, 400), response.get_data(as_text=True)
