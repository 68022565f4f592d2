"""One deadline per request: with every outside service slower than Alexa waits, every answer comes in time.

The Alexa API emulator holds every call, and DynamoDB (moto's server behind
``scripts/fault_storage.FaultyProxy``) every reply, for a minute: far past the
turn's deadline, and the services' own per-call time-outs are longer still, so
an answer that comes at all before the services do can only have been ended by
the deadline. Each kind of request must answer with the spoken fallback meant
for a missing service. The turn's budget is shortened here so the suite stays
quick; the same arithmetic holds for the real 6.5 s (``scripts/benchmark.py``
measures it).

No test here depends on how fast the machine is: an answer counts as late only
past ten times the budget, against services held for a minute. A machine slowed
by load (an answer after 2.6 s against a 0.8 s budget has been seen with six
busy loops beside the suite on 2 CPUs) passes; a deadline that is not kept fails.
"""

import datetime
import json
import time

import doors
import fault_storage
import pytest
from alexa_api_fixtures import alexa_api, granted_conversation  # noqa: F401
from conftest import use_dynamodb
from envelopes import SKILL_ID, Conversation, skill_event, slot

from skill import memory, turn
from skill.content import guide, prompts
from skill.content import memory as memory_words
from skill.content import sessions as words
from skill.services import dynamodb_storage
from skill.services.iso8601 import format_timestamp

BUDGET = 0.8
#: How long the services hold every call: far past any deadline here.
HELD = 60.0
#: An answer later than this missed its deadline (ten budgets: room for any loaded machine).
LATE = 10 * BUDGET
#: The Alexa API's and DynamoDB's per-call time-outs here: past HELD, so only a deadline ends a wait.
PER_CALL = HELD + 30.0


@pytest.fixture(scope="module")
def slow_dynamodb():
    with fault_storage.moto_server(in_process=True) as target:
        proxy = fault_storage.FaultyProxy(target).start()
        try:
            yield proxy
        finally:
            proxy.stop()


@pytest.fixture
def everything_slow(alexa_api, slow_dynamodb, monkeypatch, request):  # noqa: F811
    """Alexa APIs and DynamoDB both hold every call for HELD seconds; the turn has BUDGET.

    The store is set up first, by another user's launch: building the DynamoDB client is a
    cold start's work (``scripts/benchmark.py`` measures it), not what these tests time.
    """
    doors.reconfigure(monkeypatch, alexa_api_timeout=PER_CALL)
    monkeypatch.setattr(dynamodb_storage, "DYNAMODB_READ_TIMEOUT_SECONDS", PER_CALL)
    use_dynamodb(monkeypatch, slow_dynamodb.endpoint,
                 "deadline-" + request.node.name[-40:].replace("[", "-").replace("]", ""))
    monkeypatch.setattr(turn, "TURN_BUDGET_SECONDS", 60.0)  # however slow the machine
    monkeypatch.setattr(memory, "READ_SECONDS", 30.0)
    Conversation(user_id="amzn1.ask.account.DEADLINEWARMUP",
                 api_endpoint=alexa_api.api_endpoint).launch()
    monkeypatch.setattr(turn, "TURN_BUDGET_SECONDS", BUDGET)
    monkeypatch.setattr(turn, "WRITE_RESERVE_SECONDS", 0.2)
    monkeypatch.setattr(memory, "READ_SECONDS", 0.2)
    alexa_api.delay_next(HELD, count=10_000)
    slow_dynamodb.slow_seconds = HELD
    yield granted_conversation(alexa_api)
    slow_dynamodb.slow_seconds = 0.0


def timed(send):
    started = time.monotonic()
    said = send()
    elapsed = time.monotonic() - started
    assert elapsed < LATE, f"answered after {elapsed:.2f} s"
    return said


ICE = ("StartTreatmentSessionIntent", slot("treatment", "ice", "ICE", "TreatmentType"),
       slot("duration", "PT15M", type_name="AMAZON.DURATION"))
ALTERNATING = ("StartTreatmentSessionIntent",
               slot("treatment", "heat and ice", "ALTERNATING", "TreatmentType"))


def test_a_launch_welcomes_as_a_first_visit_when_memory_is_too_slow(everything_slow):
    said = timed(everything_slow.launch)
    assert said.speech.startswith(prompts.WELCOME_FIRST)
    assert prompts.DISCLAIMER in said.speech


@pytest.mark.parametrize("request_", [ICE, ALTERNATING], ids=["ice", "alternating"])
def test_starting_a_session_says_the_timers_were_too_slow_and_how_to_set_one(everything_slow, request_):
    said = timed(lambda: everything_slow.ask(*request_))
    assert said.speech.startswith(words.NO_TIMER_REASON["timeout"]), said.speech
    assert "Then say: Alexa, set a timer for" in said.speech
    assert "timer is set" not in said.speech


def test_time_left_says_it_could_not_check(everything_slow):
    in_ten_minutes = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=10)
    everything_slow.attributes = {"session_timers": [
        {"id": "t1", "kind": "ice", "step": "end", "ends_at": format_timestamp(in_ten_minutes)}]}
    everything_slow.session_id = "amzn1.echo-api.session.deadline"
    said = timed(lambda: everything_slow.ask("SessionTimeLeftIntent"))
    assert said.speech.startswith(words.TIME_LEFT_UNCHECKED.format(sentence="")), said.speech
    assert "ten minutes" in said.speech


def test_stop_session_says_how_to_cancel_by_voice(everything_slow):
    everything_slow.attributes = {"session_timers": [{"id": "t1", "kind": "ice", "step": "end"}]}
    everything_slow.session_id = "amzn1.echo-api.session.deadline"
    said = timed(lambda: everything_slow.ask("StopSessionIntent"))
    assert said.speech.startswith(words.STOP_FAILED)


@pytest.fixture
def health_details_stored(everything_slow, monkeypatch):
    """The same, with health details stored between sessions (BSC_KEEP_HEALTH_DETAILS on)."""
    doors.reconfigure(monkeypatch, keep_health_details=True)
    return everything_slow


def test_a_pain_start_is_heard_and_said_not_saved(health_details_stored):
    said = timed(lambda: health_details_stored.ask("PainStartedIntent", slot("start_date", "PRESENT_REF")))
    assert said.speech.startswith(memory_words.PAIN_START_HEARD.format(when="today"))
    assert memory_words.PAIN_START_NOT_SAVED in said.speech


def test_by_default_a_pain_start_waits_for_no_store_and_is_kept_for_the_conversation(everything_slow):
    said = timed(lambda: everything_slow.ask("PainStartedIntent", slot("start_date", "PRESENT_REF")))
    assert memory_words.PAIN_START_NOT_SAVED not in said.speech
    assert timed(lambda: everything_slow.ask("BedRestIntent")).speech.startswith(guide.BED_REST_FIRST_DAY)


def test_counting_sessions_says_it_does_not_know(health_details_stored):
    said = timed(lambda: health_details_stored.ask("SessionCountIntent"))
    assert said.speech.startswith(memory_words.SESSIONS_UNKNOWN)


def test_where_were_we_has_nothing_to_pick_up(health_details_stored):
    said = timed(lambda: health_details_stored.ask("ResumeTopicIntent"))
    assert said.speech == memory_words.RESUME_NOTHING


def test_a_topic_is_read_in_full(everything_slow):
    said = timed(lambda: everything_slow.ask("BedRestIntent"))
    assert said.speech.startswith(guide.BED_REST.chunks[0])


def test_forget_me_says_it_could_not_erase(everything_slow):
    timed(lambda: everything_slow.ask("ForgetMeIntent"))
    said = timed(lambda: everything_slow.ask("AMAZON.YesIntent"))
    assert said.speech.startswith(memory_words.FORGET_FAILED)


def test_an_emergency_answers_without_waiting_for_anything(everything_slow, alexa_api,  # noqa: F811
                                                           slow_dynamodb):
    """It calls no outside service at all, so nothing slow can hold it."""
    api_calls, store_calls = len(alexa_api.calls()), sum(slow_dynamodb.counts.values())
    said = timed(lambda: everything_slow.ask(
        "EmergencyIntent", slot("symptom", "can't move my leg", "CANNOT_MOVE_LIMB")))
    assert said.speech.startswith("Call 911 now.")
    assert len(alexa_api.calls()) == api_calls
    assert sum(slow_dynamodb.counts.values()) == store_calls


def test_disabling_the_skill_answers_in_time(everything_slow, alexa_api):  # noqa: F811
    said = timed(lambda: Conversation(api_endpoint=alexa_api.api_endpoint).send(
        skill_event("AlexaSkillEvent.SkillDisabled"), with_session=False))
    assert said.speech == ""


def test_the_real_budget_leaves_a_margin_to_alexas_eight_seconds():
    assert turn.TURN_BUDGET_SECONDS + 1.0 <= 8.0
    assert memory.READ_SECONDS + turn.WRITE_RESERVE_SECONDS < turn.TURN_BUDGET_SECONDS


class ShortLambda:
    """A Lambda context whose function time-out leaves a second and a half."""

    def get_remaining_time_in_millis(self):
        return 1500


def test_a_lambda_time_out_shorter_than_the_budget_ends_the_turn_sooner(alexa_api, monkeypatch):  # noqa: F811
    from envelopes import envelope, intent_request

    import lambda_handler

    doors.reconfigure(monkeypatch, alexa_api_timeout=PER_CALL)
    alexa_api.delay_next(HELD, count=100)
    event = envelope(intent_request(*ICE), api_endpoint=alexa_api.api_endpoint,
                     permissions_token="granted")
    started = time.monotonic()
    response = lambda_handler.handler(event, ShortLambda())
    # Its deadline is 1.2 s; the turn's budget (6.5 s) and the Alexa API's per-call time-out
    # (PER_CALL) would both be later, and the API answers later still.
    assert time.monotonic() - started < turn.TURN_BUDGET_SECONDS
    assert words.NO_TIMER_REASON["timeout"] in response["response"]["outputSpeech"]["ssml"]


# -- the web door: verifying the request is inside the turn's budget ---------------------------------

#: What fetching Amazon's certificate chain takes here: most of the (shortened) budget.
SLOW_CERTIFICATE_FETCH = 0.6 * BUDGET


@pytest.fixture
def slow_web_door(alexa_api, tmp_path, monkeypatch):  # noqa: F811
    """The Flask endpoint with verification on and the turn's BUDGET: the certificate chain takes
    SLOW_CERTIFICATE_FETCH to arrive, every Alexa API call is held for HELD (the client's per-call
    time-out is longer still), and another process holds SQLite's write lock throughout.
    Yields ``post(request) -> (seconds, response)``; ``post.turns_started`` and
    ``post.fetches_started`` say when each turn's budget and each certificate fetch began."""
    import sqlite3

    from web_pki import CHAIN_URL, sign, test_pki

    from skill.services.sqlite_storage import SqliteAdapter
    from skill.web import create_app

    pki = test_pki()
    trust_store = tmp_path / "roots.pem"
    trust_store.write_bytes(pki.root_pem)
    fetches_started, turns_started = [], []

    def slow_s3(url, timeout, max_bytes):
        fetches_started.append(time.monotonic())
        time.sleep(SLOW_CERTIFICATE_FETCH)
        return pki.chain_pem

    monkeypatch.setattr(turn, "TURN_BUDGET_SECONDS", BUDGET)
    monkeypatch.setattr(turn, "WRITE_RESERVE_SECONDS", 0.2)
    monkeypatch.setattr(memory, "READ_SECONDS", 0.2)
    door = doors.reconfigure(monkeypatch, skill_id=SKILL_ID, alexa_api_timeout=PER_CALL)
    alexa_api.delay_next(HELD, count=10_000)
    path = door.settings.sqlite_path
    SqliteAdapter(path).update_attributes(
        fault_storage._envelope(), lambda record: {"disclaimer_heard": True})  # the file and table
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    skill = door.skill()
    real_invoke = skill.invoke

    def invoke(request_envelope, context=None):
        turns_started.append(context.at if isinstance(context, turn.Arrived) else time.monotonic())
        return real_invoke(request_envelope=request_envelope, context=context)

    monkeypatch.setattr(skill, "invoke", invoke)
    app = create_app(skill, door.settings._replace(trust_store=str(trust_store)),
                     cert_transport=slow_s3)

    def post(request, **options):
        from envelopes import envelope

        body = json.dumps(envelope(request, api_endpoint=alexa_api.api_endpoint,
                                   permissions_token="granted", **options)).encode()
        client = app.test_client()
        started = time.monotonic()
        response = client.post("/", data=body, headers={
            "Content-Type": "application/json", "SignatureCertChainUrl": CHAIN_URL,
            "Signature-256": sign(pki.signing_key, body)})
        return time.monotonic() - started, response

    post.turns_started, post.fetches_started = turns_started, fetches_started
    try:
        yield post
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_the_web_door_counts_verification_inside_the_turns_budget(slow_web_door):
    """A launch (memory read and write), a timed session (the Timers API, then counting it) and
    disabling the skill (the Reminders API, then erasing memory), all at once, the first of them
    fetching the certificate chain: each turn's budget started before the fetch, so the time
    spent verifying is the turn's own; each answer came in time, with the fallback for what
    was too slow. (With the real budget, 6.5 s from arrival leaves Alexa's 8 s a margin:
    ``test_the_real_budget_leaves_a_margin_to_alexas_eight_seconds``. Were the budget
    counted from after verification, a 1.9 s fetch would make a session's answer 8.4 s.)"""
    from concurrent.futures import ThreadPoolExecutor

    from envelopes import intent_request, launch_request

    requests = {"launch": (launch_request(), {}), "session": (intent_request(*ICE), {}),
                "disabled": (skill_event("AlexaSkillEvent.SkillDisabled"), {"with_session": False})}
    with ThreadPoolExecutor(len(requests)) as pool:
        answers = {name: pool.submit(slow_web_door, request, **options)
                   for name, (request, options) in requests.items()}
        answers = {name: future.result() for name, future in answers.items()}

    assert len(slow_web_door.fetches_started) == 1 and len(slow_web_door.turns_started) == 3
    # The request that fetched the chain began its turn before the fetch (after it, were the
    # budget counted from verification: every turn would start after the fetch ended).
    assert min(slow_web_door.turns_started) <= slow_web_door.fetches_started[0]
    for name, (seconds, response) in answers.items():
        assert response.status_code == 200, (name, response.get_data(as_text=True))
        assert seconds < LATE, f"{name} answered after {seconds:.2f} s"
    seconds, response = answers["session"]
    speech = response.get_json()["response"]["outputSpeech"]["ssml"]
    assert words.NO_TIMER_REASON["timeout"] in speech
    # It waited for the held Timers API until the turn's time for API calls was spent.
    assert seconds > turn.TURN_BUDGET_SECONDS - turn.WRITE_RESERVE_SECONDS
    assert prompts.WELCOME_FIRST in answers["launch"][1].get_json()["response"]["outputSpeech"]["ssml"]
