"""Progressive responses: the emulator takes VoicePlayer.Speak and the simulator voices it."""

from alexa_simulator.device import Device
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services import ApiConfiguration
from ask_sdk_model.services.directive import (
    DirectiveServiceClient,
    Header,
    SendDirectiveRequest,
    SpeakDirective,
)
from simulated import MODELS_DIR

from skill.services.alexa_api import AlexaApiClient


def send_progressive(request_envelope, ssml):
    """What a skill does while it works: the SDK's directive client, our API client."""
    system = request_envelope["context"]["System"]
    client = DirectiveServiceClient(api_configuration=ApiConfiguration(
        serializer=DefaultSerializer(),
        api_client=AlexaApiClient(timeout=2, allow_loopback_http=True),
        authorization_value=system["apiAccessToken"], api_endpoint=system["apiEndpoint"]))
    client.enqueue(SendDirectiveRequest(
        header=Header(request_id=request_envelope["request"]["requestId"]),
        directive=SpeakDirective(speech=ssml)))


def test_a_progressive_response_is_heard_before_the_answer(simulator_target):
    def skill_that_says_one_moment(request_envelope):
        send_progressive(request_envelope, "<speak>One moment &amp; I'll check.</speak>")
        return simulator_target(request_envelope)

    heard = []
    with Device(target=skill_that_says_one_moment, models_dir=MODELS_DIR, clock="manual",
                on_event=heard.append) as device:
        turn = device.say("how should I lie down")
        assert device.api.progressive == ["<speak>One moment &amp; I'll check.</speak>"]
    assert {"type": "progressive", "text": "One moment & I'll check."} in turn["events"]
    assert heard[0]["type"] == "progressive"
    assert turn["speech"].startswith("Sit or lie however hurts least.")


def test_a_malformed_directive_is_refused_and_not_spoken(simulator_target):
    with Device(target=simulator_target, models_dir=MODELS_DIR, clock="manual") as device:
        status, body = device.api.handle(
            "POST", "/v1/directives", {"Authorization": "Bearer test-api-access-token"},
            b'{"directive": {"type": "VoicePlayer.Speak"}}')
        assert status == 400 and body["code"] == "INVALID_DIRECTIVE"
        assert device.api.progressive == []
