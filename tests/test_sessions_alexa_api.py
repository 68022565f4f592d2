"""The two sides of the seam: the skill's AlexaApiClient and the local Alexa API emulator.

Both are exercised with the SDK's own service clients, so paths, headers and
error handling are the SDK's, not ours.
"""

import datetime
import email.utils
import http.server
import logging
import threading
import time

import pytest
from alexa_api_fixtures import alexa_api, granted_conversation  # noqa: F401
from alexa_simulator.alexa_api import DEFAULT_TOKEN, AlexaApiEmulator, Clock
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services import (
    ApiClientRequest,
    ApiConfiguration,
    ServiceClientFactory,
    ServiceException,
)
from ask_sdk_model.services.timer_management import (
    AnnounceOperation,
    CreationBehavior,
    DisplayExperience,
    NotificationConfig,
    TextToAnnounce,
    TimerRequest,
    TriggeringBehavior,
    Visibility,
)
from envelopes import DEFAULT_USER, slot

from skill.deadline import Deadline
from skill.services.alexa_api import (
    AlexaApiClient,
    AlexaApiUnreachable,
    InsecureEndpoint,
    build_api_client,
    failure_kind,
)
from skill.settings import Settings


def factory(emulator, client=None, token=DEFAULT_TOKEN):
    client = client or AlexaApiClient(timeout=2.0, allow_loopback_http=True)
    return ServiceClientFactory(ApiConfiguration(
        serializer=DefaultSerializer(), api_client=client, authorization_value=token,
        api_endpoint=emulator.api_endpoint))


def timers(emulator, **options):
    return factory(emulator, **options).get_timer_management_service()


def timer_request(minutes=15, label="Ice", text="Time to take the ice pack off.", locale="en-US"):
    return TimerRequest(
        duration=f"PT{minutes}M", timer_label=label,
        creation_behavior=CreationBehavior(
            display_experience=DisplayExperience(visibility=Visibility.VISIBLE)),
        triggering_behavior=TriggeringBehavior(
            operation=AnnounceOperation(text_to_announce=[TextToAnnounce(locale=locale, text=text)]),
            notification_config=NotificationConfig(play_audible=True)))


def status_of(call):
    with pytest.raises(ServiceException) as raised:
        call()
    return raised.value.status_code


@pytest.fixture
def emulator():
    with AlexaApiEmulator(clock="manual") as running:
        yield running


# -- the client -------------------------------------------------------------------------------------

def test_the_client_takes_its_timeout_and_loopback_rule_from_settings():
    client = build_api_client(Settings(alexa_api_timeout=2.5, dev_loopback_alexa_api=True))
    assert isinstance(client, AlexaApiClient)
    assert client.timeout == 2.5 and client.allow_loopback_http is True
    assert build_api_client(Settings()).timeout == 3.0
    assert build_api_client(Settings()).allow_loopback_http is False


@pytest.mark.parametrize("url, loopback_allowed, allowed", [
    ("https://api.amazonalexa.com/v1/alerts/timers", False, True),
    ("http://127.0.0.1:8080/v1/alerts/timers", True, True),
    ("http://localhost:8080/v1/alerts/timers", True, True),
    ("http://[::1]:8080/v1/alerts/timers", True, True),
    ("http://127.0.0.1:8080/v1/alerts/timers", False, False),
    ("http://api.amazonalexa.com/v1/alerts/timers", True, False),
    ("http://127.0.0.1.example.com/v1/alerts/timers", True, False),
    ("ftp://127.0.0.1/v1/alerts/timers", True, False),
    ("", True, False),
])
def test_only_https_or_development_loopback_http_is_called(url, loopback_allowed, allowed):
    client = AlexaApiClient(allow_loopback_http=loopback_allowed)
    if allowed:
        client._check_endpoint(url)
    else:
        with pytest.raises(InsecureEndpoint):
            client._check_endpoint(url)


def test_an_unknown_method_is_refused():
    request = ApiClientRequest(url="https://api.amazonalexa.com/x", method="BREW", headers=[])
    with pytest.raises(ApiClientException):
        AlexaApiClient().invoke(request)


def test_a_slow_answer_is_a_timeout_the_caller_can_recognise(emulator):
    emulator.delay_next(5.0)
    started = time.monotonic()
    with pytest.raises(ServiceException) as raised:
        timers(emulator, client=AlexaApiClient(timeout=0.15, allow_loopback_http=True)).get_timers()
    assert time.monotonic() - started < 1.0
    assert raised.value.status_code == 500 and failure_kind(raised.value) == "timeout"


def test_no_connection_is_recognised_as_unreachable():
    client = AlexaApiClient(timeout=0.5, allow_loopback_http=True)
    with pytest.raises(AlexaApiUnreachable):
        client.invoke(ApiClientRequest(url="http://127.0.0.1:9/v1/alerts/timers", method="GET",
                                       headers=[]))


def test_one_deadline_covers_several_calls(emulator):
    """The client handed to one request's service clients ends every call by that request's
    deadline: three calls, each held far longer, together take no longer than it."""
    client = AlexaApiClient(timeout=2.0, allow_loopback_http=True)
    service = timers(emulator, client=client.until(Deadline.after(0.2)))
    emulator.delay_next(5.0, count=3)
    started = time.monotonic()
    for _ in range(3):
        with pytest.raises(ServiceException) as raised:
            service.get_timers()
        assert failure_kind(raised.value) == "timeout"
    assert time.monotonic() - started < 1.5  # three 2-second time-outs would take 6


def test_a_call_made_after_the_deadline_is_not_sent(emulator):
    client = AlexaApiClient(timeout=2.0, allow_loopback_http=True)
    with pytest.raises(ServiceException) as raised:
        timers(emulator, client=client.until(Deadline.after(-1.0))).get_timers()
    assert failure_kind(raised.value) == "timeout"
    assert emulator.connections_opened == 0


def test_connections_are_reused_and_the_pool_serves_many_threads(emulator):
    client = AlexaApiClient(timeout=1, allow_loopback_http=True)
    service = timers(emulator, client=client)
    for _ in range(4):
        service.get_timers()
    assert emulator.connections_opened == 1
    errors = []

    def call():
        try:
            for _ in range(5):
                service.get_timers()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert emulator.connections_opened <= 1 + 8
    client.close()
    service.get_timers()  # a closed client opens a fresh pool


def test_the_client_keeps_no_cookies_between_users():
    seen = []

    class SetsCookies(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers.get("Cookie"))
            self.send_response(200)
            self.send_header("Set-Cookie", "user=someone; Path=/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SetsCookies)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        client = AlexaApiClient(timeout=1, allow_loopback_http=True)
        url = f"http://127.0.0.1:{server.server_address[1]}/v1/alerts/timers"
        for _ in range(2):
            client.invoke(ApiClientRequest(url=url, method="GET", headers=[]))
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [None, None]


def test_error_bodies_that_are_not_json_keep_their_status():
    class Response:
        status_code, reason, text = 504, "Gateway Timeout", "<html>offline</html>"
    assert AlexaApiClient._body(Response()) == '{"code": "504", "message": "Gateway Timeout"}'


def test_logs_never_carry_tokens_or_user_ids(alexa_api, caplog):
    caplog.set_level(logging.DEBUG)
    conversation = granted_conversation(alexa_api)
    conversation.ask("StartTreatmentSessionIntent", slot("treatment", "ice", "ICE", "TreatmentType"))
    conversation.ask("SessionTimeLeftIntent")
    conversation.ask("StopSessionIntent")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "timer is set" not in logged.lower()
    for secret in (DEFAULT_TOKEN, "test-consent-token", DEFAULT_USER, "Bearer"):
        assert secret not in logged


# -- the emulator ----------------------------------------------------------------------------------

def test_a_timer_fires_on_the_manual_clock_and_hands_over_its_announcement():
    heard = []
    listener = lambda text, timer: heard.append((text, timer))  # noqa: E731
    with AlexaApiEmulator(clock="manual", on_timer_fired=listener) as api:
        created = timers(api).create_timer(timer_request(minutes=15))
        assert api.advance(minutes=14) == [] and heard == []
        fired = api.advance(minutes=1)
        assert [f.text for f in fired] == ["Time to take the ice pack off."]
        (text, timer), = heard
        assert text == "Time to take the ice pack off."
        assert timer.id == created.id and timer.label == "Ice" and timer.locale == "en-US"
        assert status_of(lambda: timers(api).get_timer(created.id)) == 404


def test_a_fast_clock_fires_a_minute_long_timer_in_a_fraction_of_a_second():
    fired = threading.Event()
    with AlexaApiEmulator(clock="fast", speed=600, on_timer_fired=lambda text, timer: fired.set()) as api:
        timers(api).create_timer(timer_request(minutes=1))
        assert fired.wait(2.0)


def test_the_clock_modes():
    assert Clock("real").real_seconds(60) == 60
    assert Clock("fast").real_seconds(60) == 1
    assert Clock("manual").real_seconds(60) == float("inf")
    with pytest.raises(ValueError):
        Clock("slow")
    with pytest.raises(ValueError):
        Clock("manual").advance(-1)


def test_a_timer_reads_back_and_lists_soonest_first(emulator):
    service = timers(emulator)
    long = service.create_timer(timer_request(minutes=20, label="Heat"))
    short = service.create_timer(timer_request(minutes=5, label="Walk"))
    got = service.get_timer(long.id)
    assert got.status.value == "ON" and got.duration == "PT20M" and got.timer_label == "Heat"
    assert got.trigger_time - got.created_time == datetime.timedelta(minutes=20)
    listed = service.get_timers()
    assert listed.total_count == 2 and [t.id for t in listed.timers] == [short.id, long.id]
    service.delete_timer(short.id)
    assert status_of(lambda: service.delete_timer(short.id)) == 404
    service.delete_timers()
    assert emulator.active_timers() == []


def test_pause_and_resume(emulator):
    service = timers(emulator)
    timer = service.create_timer(timer_request(minutes=10))
    emulator.advance(minutes=4)
    service.pause_timer(timer.id)
    paused = service.get_timer(timer.id)
    assert paused.status.value == "PAUSED" and paused.remaining_time_when_paused == "PT6M"
    assert emulator.advance(minutes=30) == []
    assert status_of(lambda: service.pause_timer(timer.id)) == 400
    service.resume_timer(timer.id)
    assert [f.id for f in emulator.advance(minutes=6)] == [timer.id]


def test_tokens_are_checked(emulator):
    assert status_of(lambda: timers(emulator, token="someone-else").get_timers()) == 401
    assert status_of(lambda: timers(emulator, token="").create_timer(timer_request())) == 401


@pytest.mark.parametrize("status", [401, 403])
def test_permission_can_be_withheld(emulator, status):
    emulator.deny_permission(status)
    assert status_of(lambda: timers(emulator).create_timer(timer_request())) == status
    emulator.grant_permission()
    timers(emulator).create_timer(timer_request())


def test_amazons_timer_limits_are_enforced(emulator):
    service = timers(emulator)
    with pytest.raises(ServiceException) as raised:
        service.create_timer(timer_request(minutes=121))
    assert raised.value.status_code == 400
    service.create_timer(timer_request(label="Ice"))
    assert status_of(lambda: service.create_timer(timer_request(label="Ice"))) == 400
    emulator.personal_timers = 9
    with pytest.raises(ServiceException) as raised:
        service.create_timer(timer_request(label="Heat"))
    assert raised.value.status_code == 400 and raised.value.body.code == "MAX_TIMERS_EXCEEDED"


def test_faults_answer_the_next_matching_calls_only(emulator):
    service = timers(emulator)
    emulator.fail_next(504, method="POST", count=2)
    service.get_timers()
    assert status_of(lambda: service.create_timer(timer_request(label="A"))) == 504
    assert status_of(lambda: service.create_timer(timer_request(label="B"))) == 504
    service.create_timer(timer_request(label="C"))
    assert [r.status for r in emulator.calls("POST")] == [504, 504, 200]


def test_the_time_zone_setting(emulator):
    emulator.time_zone = "America/Vancouver"
    ups = factory(emulator).get_ups_service()
    assert ups.get_system_time_zone("amzn1.ask.device.X") == "America/Vancouver"


def test_the_date_header_follows_the_emulated_clock(emulator):
    service = timers(emulator)
    emulator.advance(minutes=90)
    response = service.get_timers(full_response=True)
    date = dict(response.headers)["Date"]
    served = email.utils.parsedate_to_datetime(date)
    assert abs((served - emulator.clock.now()).total_seconds()) < 2
    assert (served - datetime.datetime.now(datetime.UTC)).total_seconds() > 80 * 60


def test_stopping_does_not_wait_for_a_held_call():
    api = AlexaApiEmulator(clock="manual").start()
    api.delay_next(5)
    client = AlexaApiClient(timeout=0.1, allow_loopback_http=True)
    with pytest.raises(ServiceException):
        timers(api, client=client).get_timers()
    started = time.monotonic()
    api.stop()
    assert time.monotonic() - started < 2
    with pytest.raises(RuntimeError):
        _ = api.api_endpoint
