"""One clock: the simulated device's. The simulator stamps every request with the device's
time (``request.timestamp``, as Alexa stamps each request) and the skill takes its "now"
from there, so ``:advance`` and ``:wait`` move timers, dates, reminders and "today" alike."""

import datetime

import pytest

from skill.content import guide, memory, prompts

DAY = 86400


@pytest.fixture
def echo(device):
    simulated = device(clock="manual", permission="yes", user_id="amzn1.ask.account.CLOCK")
    with simulated:
        yield simulated


@pytest.fixture
def keeping_echo(device, settings):
    """The device in front of a skill that stores health details between sessions
    (``BSC_KEEP_HEALTH_DETAILS`` on): the day the pain started outlives the session."""
    from skill.local import simulator_target

    target = simulator_target(settings._replace(keep_health_details=True))
    try:
        with device(target=target, clock="manual", permission="yes",
                    user_id="amzn1.ask.account.CLOCK") as simulated:
            yield simulated
    finally:
        target.close()


def test_after_advancing_a_day_the_skill_knows_it_is_day_two(keeping_echo):
    echo = keeping_echo
    echo.say("open back spasm coach")
    said = echo.say("my back started hurting today")["speech"]
    assert said.startswith(memory.PAIN_START_HEARD.format(when="today"))
    assert guide.BED_REST_FIRST_DAY in echo.say("should I stay in bed")["speech"]
    echo.say("stop")
    echo.advance(DAY)
    echo.say("open back spasm coach")
    assert guide.BED_REST_LATER_DAY.format(when="yesterday") in echo.say("should I stay in bed")["speech"]


def test_by_default_the_next_day_asks_again_and_is_day_two_within_the_conversation(echo):
    echo.say("open back spasm coach")
    echo.say("my back started hurting today")
    echo.say("stop")
    echo.advance(DAY)
    echo.say("open back spasm coach")
    said = echo.say("should I stay in bed")["speech"]
    assert said.endswith(memory.PAIN_DAY_QUESTION_RETURNING)  # not kept: asked again, saying why
    echo.say("it started yesterday")
    assert guide.BED_REST_LATER_DAY.format(when="yesterday") in echo.say("should I stay in bed")["speech"]


def test_the_request_carries_the_devices_time_and_the_skill_reads_its_date_from_it(
        device, simulator_target):
    sent = []

    def recording(request_envelope):
        sent.append(request_envelope["request"]["timestamp"])
        return simulator_target(request_envelope)

    with device(target=recording, clock="manual", user_id="amzn1.ask.account.STAMPS") as echo:
        echo.say("open back spasm coach")
        echo.advance(3 * DAY)
        # "Three days ago" on the device is this machine's today: only a skill that reads the
        # device's clock hears that it was three days ago.
        said = echo.say("my back started hurting three days ago")["speech"]
    first, later = (datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")) for stamp in sent)
    assert (later - first).days == 3
    assert abs((later - echo.now()).total_seconds()) < 2
    assert said.startswith(memory.PAIN_START_HEARD.format(when="three days ago"))


def test_while_a_timer_runs_the_goodbye_says_so_and_after_it_rang_it_does_not(echo):
    echo.say("open back spasm coach")
    echo.say("start a fifteen minute ice session")
    assert echo.say("stop")["speech"] == prompts.GOODBYE_TIMER_RUNNING

    echo.say("open back spasm coach")
    echo.say("start a fifteen minute heat session")
    rang = echo.wait_for_timers()
    assert [event["type"] for event in rang] == ["timer"]
    assert echo.say("stop")["speech"] == prompts.GOODBYE
