"""One skill, two doors: the endpoint answers exactly as ``lambda_handler.handler``.

Each door gets its own empty memory so neither sees the other's writes; the
same envelope goes through both and the response JSON must be identical. The
endpoint side is fully verified (real signature, real clock, test CA).
"""
import copy
import json

import pytest
from envelopes import (
    SKILL_ID,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
    skill_event,
    slot,
)
from web_pki import CHAIN_URL, test_pki

from skill import build_skill, close_skill
from skill.web import create_app


@pytest.fixture
def doors(tmp_path, monkeypatch, settings):
    """``send(body) -> (lambda_response, endpoint_response)``."""
    import doors as test_doors

    import lambda_handler

    pki = test_pki()
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki.root_pem)

    def transport(url, timeout, max_bytes):
        assert url == CHAIN_URL
        return pki.chain_pem

    web_settings = settings._replace(skill_id=SKILL_ID, trust_store=str(roots),
                                     sqlite_path=str(tmp_path / "web.sqlite3"))
    web_skill = build_skill(web_settings)
    client = create_app(web_skill, web_settings, cert_transport=transport).test_client()
    test_doors.reconfigure(monkeypatch, skill_id=SKILL_ID, sqlite_path=str(tmp_path / "lambda.sqlite3"))

    def send(body):
        from_lambda = lambda_handler.handler(copy.deepcopy(body), None)
        raw = json.dumps(body).encode("utf-8")
        response = client.post("/", data=raw, headers={
            "Content-Type": "application/json; charset=utf-8",
            "SignatureCertChainUrl": CHAIN_URL,
            "Signature-256": pki.sign(raw),
        })
        assert response.status_code == 200, response.get_data(as_text=True)
        return from_lambda, response.get_json()

    yield send
    close_skill(web_skill)


@pytest.mark.parametrize("request_body", [
    launch_request(),
    intent_request("AMAZON.HelpIntent"),
    intent_request("AMAZON.StopIntent"),
    intent_request("AMAZON.FallbackIntent"),
    intent_request("MedicineIntent", slot("medicine", "zebra grooming tonic")),
    session_ended_request(),
], ids=lambda r: r.get("intent", {}).get("name", r["type"]))
def test_same_envelope_same_response(doors, request_body):
    from_lambda, from_endpoint = doors(envelope(request_body))
    assert from_endpoint == from_lambda


def test_skill_disabled_event_same_response(doors):
    from_lambda, from_endpoint = doors(envelope(skill_event(), with_session=False))
    assert from_endpoint == from_lambda


def test_a_whole_conversation_goes_the_same_way_through_both_doors(doors):
    attributes, new = {}, True
    session_id = "amzn1.echo-api.session.equivalence"
    for request_body in (launch_request(), intent_request("AMAZON.HelpIntent"),
                         intent_request("AMAZON.NavigateHomeIntent"),
                         intent_request("AMAZON.StopIntent")):
        body = envelope(request_body, new_session=new, attributes=attributes,
                        session_id=session_id)
        from_lambda, from_endpoint = doors(body)
        assert from_endpoint == from_lambda
        attributes, new = from_lambda.get("sessionAttributes") or {}, False
