"""The simulator as developers and scripts use it: the command line, sessions, voice
permissions, timers on a fast clock, and the same answers over HTTP from the Flask app.

The command line runs as a process (``python -m alexa_simulator``, the ``alexa-simulator``
script) where the process is the point: its output, its exit status, input over a pipe. The
other command-line tests call its ``main`` in this process (``cli``), with the same folder,
environment, standard input and output, which saves starting Python and the skill each time.
"""

import io
import json
import os
import subprocess
import sys
import threading
from contextlib import redirect_stderr, redirect_stdout

import pytest
from alexa_simulator import nlu
from alexa_simulator.device import Device, HttpTarget, TargetError, heard
from simulated import MODELS_DIR

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESPONSE_KEYS = {"utterance", "request_type", "intent", "slots", "speech", "reprompt", "card",
                 "end_session", "directives", "followups", "events", "new_session"}


def simulator(*args, stdin=None, timeout=60, env=None):
    """The ``alexa-simulator`` command, run in this project's folder (its pyproject.toml names
    the skill and the models)."""
    return subprocess.run([sys.executable, "-m", "alexa_simulator", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def simulator_script(*args, stdin=None, timeout=60):
    """The ``alexa-simulator`` console script that ``make`` installs beside this Python."""
    script = os.path.join(os.path.dirname(sys.executable), "alexa-simulator")
    return subprocess.run([script, *args], cwd=ROOT, input=stdin, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture
def cli(monkeypatch):
    """``cli(*args, stdin=, env=)``: the command line's ``main`` in this process, run as the
    command would be (in this project's folder, ``stdin`` as its input, ``env`` added to the
    environment); a ``CompletedProcess`` with its exit status and what it printed. The skills
    it made are closed after the test, as the end of a process would."""
    from alexa_simulator import config
    from alexa_simulator.cli import main

    made = []
    make_target = config.make_target

    def recorded(spec):
        made.append(make_target(spec))
        return made[-1]

    monkeypatch.setattr(config, "make_target", recorded)
    monkeypatch.chdir(ROOT)

    def run(*args, stdin=None, env=None):
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                status = main(list(args))
            except SystemExit as exit_:  # argparse's own refusal
                status = exit_.code
        return subprocess.CompletedProcess(list(args), status, out.getvalue(), err.getvalue())

    yield run
    for target in made:
        getattr(target, "close", lambda: None)()


@pytest.fixture
def simulator_json(cli):
    def run(*utterances, options=()):
        finished = cli("--json", "--new-user", *options, *utterances)
        assert finished.returncode == 0, finished.stderr
        return json.loads(finished.stdout)

    return run


# -- --json ------------------------------------------------------------------------------------

def test_json_prints_one_object_per_utterance_with_what_alexa_sent_and_said():
    finished = simulator("--json", "--new-user", "open back spasm coach", "can I take Advil?")
    assert finished.returncode == 0, finished.stderr
    turns = json.loads(finished.stdout)
    assert len(turns) == 2
    for turn in turns:
        assert RESPONSE_KEYS <= set(turn)
    launch, medicine = turns
    assert launch["request_type"] == "LaunchRequest" and launch["intent"] is None
    assert launch["new_session"] is True and launch["end_session"] is False
    assert "call 911" in launch["speech"] and "<speak>" not in launch["speech"]
    assert launch["reprompt"]
    assert medicine["request_type"] == "IntentRequest" and medicine["new_session"] is False
    assert medicine["intent"] == "MedicineIntent"
    slot = medicine["slots"]["medicine"]
    assert slot["value"] == "advil"
    assert slot["resolutions"]["resolutionsPerAuthority"][0]["values"][0]["value"]["id"] == "IBUPROFEN"
    assert medicine["card"]["title"] == "Pain medicine"


def test_after_the_skill_ends_the_session_the_next_utterance_opens_a_new_one(simulator_json):
    launch, stop, question = simulator_json("open back spasm coach", "stop", "is walking good for my back")
    assert stop["intent"] == "AMAZON.StopIntent" and stop["end_session"] is True
    assert question["request_type"] == "IntentRequest" and question["intent"] == "WalkingIntent"
    assert question["new_session"] is True


def test_a_bare_question_is_a_one_shot_and_ask_phrasing_too(simulator_json):
    bare, asked = simulator_json("how should I lie down", "ask back spasm coach to start over")
    assert bare["request_type"] == "IntentRequest" and bare["new_session"] is True
    assert asked["intent"] == "AMAZON.StartOverIntent" and asked["new_session"] is True


def test_json_waits_for_timers_and_reports_the_permission_and_the_announcement(simulator_json):
    (turn,) = simulator_json("ask back spasm coach to time my walk for ten minutes",
                             options=("--clock", "manual", "--wait-for-timers"))
    assert turn["directives"][0]["type"] == "Connections.SendRequest"
    (followup,) = turn["followups"]
    assert followup["request_type"] == "Connections.Response" and followup["status"] == "ACCEPTED"
    assert "timer is set" in followup["speech"]
    kinds = [event["type"] for event in turn["events"]]
    assert kinds == ["permission", "timer"]
    assert "walk" in turn["events"][1]["text"].lower()


def test_json_can_decline_the_permission(simulator_json):
    (turn,) = simulator_json("start an ice session", options=("--grant-permissions", "no"))
    assert turn["events"][0] == {"type": "permission", "scope": "alexa::alerts:timers:skill:readwrite",
                                 "answer": "DENIED"}
    assert "timer is set" not in heard(turn)


# -- --check -----------------------------------------------------------------------------------

def _write_model(directory, samples_by_intent):
    intents = [{"name": "AMAZON.FallbackIntent", "samples": []}]
    intents += [{"name": name, "samples": samples} for name, samples in samples_by_intent.items()]
    document = {"interactionModel": {"languageModel": {"invocationName": "test skill",
                                                        "intents": intents, "types": []}}}
    with open(os.path.join(directory, "en-US.json"), "w", encoding="utf-8") as handle:
        json.dump(document, handle)


def test_check_lists_samples_that_resolve_to_another_intent_and_fails(tmp_path, cli):
    _write_model(tmp_path, {"WalkIntent": ["should i walk", "can i walk"],
                            "StrollIntent": ["should i walk", "may i stroll"]})
    finished = cli("--check", "--models", str(tmp_path))
    assert finished.returncode == 1
    assert "WalkIntent: \"should i walk\"" in finished.stdout
    assert "StrollIntent" in finished.stdout


def test_check_passes_a_model_without_overlaps(tmp_path, cli):
    _write_model(tmp_path, {"WalkIntent": ["should i walk"], "SitIntent": ["can i sit down"]})
    finished = cli("--check", "--models", str(tmp_path))
    assert finished.returncode == 0, finished.stdout
    assert "0 resolve elsewhere" in finished.stdout


# -- the interactive session ---------------------------------------------------------------------

def test_repl_prints_alexa_and_asks_the_developer_for_permission():
    finished = simulator_script("--new-user", "--verbose",
                         stdin="open back spasm coach\nstart a fifteen minute ice session\ny\n"
                               ":timers\n:quit\n")
    assert finished.returncode == 0, finished.stderr
    out = finished.stdout
    assert "Alexa: Welcome to Back Spasm Coach." in out
    assert "Allow Back Spasm Coach to use timers? [yes or y, no or n, or Enter for silence]" in out
    assert "(permission accepted)" in out
    assert "StartTreatmentSessionIntent" in out and "'PT15M'" in out
    assert "ER_SUCCESS_MATCH ice (ICE)" in out
    assert "PT15M, ends" in out  # the timer on the simulated device


def test_speak_without_espeak_prints_a_note(tmp_path, cli):
    finished = cli("--speak", stdin=":quit\n", env={"PATH": str(tmp_path)})
    assert finished.returncode == 0
    assert "espeak-ng is not installed" in finished.stdout


# -- the device ----------------------------------------------------------------------------------

class RecordingTarget:
    """The skill in-process, keeping every envelope sent to it."""

    def __init__(self, target):
        self.target = target
        self.envelopes = []

    def __call__(self, envelope):
        self.envelopes.append(envelope)
        return self.target(envelope)


def test_once_granted_every_envelope_carries_the_consent_token(device, simulator_target):
    target = RecordingTarget(simulator_target)
    with device(target=target, clock="manual", permission="yes", user_id="amzn1.ask.account.T1") as device:
        before = device.say("open back spasm coach")
        device.say("start a fifteen minute ice session")
        device.say("how much time is left")
    first, ask, answer, later = target.envelopes
    assert "permissions" not in first["context"]["System"]["user"]
    assert "permissions" not in ask["context"]["System"]["user"]
    assert answer["request"]["type"] == "Connections.Response"
    assert answer["request"]["payload"]["status"] == "ACCEPTED"
    assert answer["session"]["new"] is False
    for envelope in (answer, later):
        assert envelope["context"]["System"]["user"]["permissions"]["consentToken"]
    assert later["context"]["System"]["apiEndpoint"].startswith("http://127.0.0.1:")
    assert before["end_session"] is False


def test_a_timer_announcement_arrives_on_the_fast_clock(device):
    fired = threading.Event()
    events = []

    def on_event(event):
        events.append(event)
        fired.set()

    with device(clock="fast", speed=1200, already_granted=True, on_event=on_event,
                user_id="amzn1.ask.account.T2") as device:
        turn = device.say("time my walk for ten minutes")
        assert "timer is set" in turn["speech"]
        assert fired.wait(timeout=10), "no announcement within ten seconds"
    assert events[0]["type"] == "timer" and "walk" in events[0]["text"].lower()


def test_exit_and_silence_close_the_session_as_alexa_does(device):
    with device(clock="manual", user_id="amzn1.ask.account.T3") as device:
        device.say("open back spasm coach")
        reprompt = device.say("")
        assert reprompt["request_type"] is None and reprompt["speech"]
        closed = device.say("")
        assert closed["request_type"] == "SessionEndedRequest" and not device.session_open
        device.say("open back spasm coach")
        assert device.say("exit")["request_type"] == "SessionEndedRequest"
        assert device.say("exit")["request_type"] is None


def test_an_unreachable_url_is_reported(cli):
    with Device(target=HttpTarget("http://127.0.0.1:9/", timeout=2), models_dir=MODELS_DIR,
                clock="manual") as device:
        with pytest.raises(TargetError):
            device.say("open back spasm coach")
    finished = cli("--url", "http://127.0.0.1:9/", "--json", "hello")
    assert finished.returncode == 2 and "could not reach" in finished.stderr


# -- --url against the Flask endpoint --------------------------------------------------------------

@pytest.fixture
def flask_url(settings):
    """The web door on loopback, verification off, its own memory, Alexa APIs on loopback."""
    from werkzeug.serving import make_server

    from skill import build_skill, close_skill
    from skill.web import create_app

    web_settings = settings._replace(dev_insecure=True, dev_loopback_alexa_api=True,
                                     sqlite_path=settings.sqlite_path + ".web")
    skill = build_skill(web_settings)
    app = create_app(skill, web_settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        close_skill(skill)


CONVERSATION = ["open back spasm coach", "how should I lie down", "next", "can I take aleve",
                "start a fifteen minute ice session", "how much time is left", "I can't move my leg",
                "what's the weather like"]


def _comparable(turns):
    keep = ("utterance", "request_type", "intent", "slots", "speech", "reprompt", "card",
            "end_session", "directives", "new_session")
    return [{**{k: t[k] for k in keep}, "followups": [
        {k: f[k] for k in ("speech", "reprompt", "card", "end_session", "request_type")}
        for f in t["followups"]]} for t in turns]


def test_url_mode_gives_the_same_answers_as_in_process(flask_url, device):
    with device(clock="manual", user_id="amzn1.ask.account.SAME-1") as simulated:
        local = [simulated.say(u) for u in CONVERSATION]
    with device(target=HttpTarget(flask_url), clock="manual", user_id="amzn1.ask.account.SAME-2") as device:
        remote = [device.say(u) for u in CONVERSATION]
    assert _comparable(remote) == _comparable(local)
    assert remote[4]["followups"][0]["speech"].startswith("Thanks.")


def test_url_mode_from_the_command_line(flask_url, cli):
    finished = cli("--url", flask_url, "--json", "--new-user", "ask back spasm coach can I take tylenol")
    assert finished.returncode == 0, finished.stderr
    (turn,) = json.loads(finished.stdout)
    assert turn["intent"] == "MedicineIntent" and "acetaminophen" in turn["speech"].lower()


def test_models_are_compiled_once_per_file_version():
    assert nlu.load_model("en-US", MODELS_DIR) is nlu.load_model("en-US", MODELS_DIR)


def test_conversation_files_run_from_the_command_line(tmp_path, cli):
    (tmp_path / "one.yaml").write_text(
        "- name: passes\n  steps:\n    - say: how should I lie down\n      intent: LyingPositionsIntent\n"
        "- name: fails\n  steps:\n    - say: how should I lie down\n      contains: banana\n",
        encoding="utf-8")
    finished = cli("--test", str(tmp_path))
    assert finished.returncode == 1
    assert "ok   one.yaml: passes" in finished.stdout
    assert "FAIL one.yaml: fails" in finished.stdout and "expected 'banana'" in finished.stdout


# -- no traceback, whatever is typed or given ---------------------------------------------------

def test_a_url_that_is_not_one_is_refused_in_one_line(cli):
    finished = cli("--url", "notaurl", "--json", "hello")
    assert finished.returncode == 2 and "Traceback" not in finished.stderr
    assert finished.stderr.strip() == ("alexa-simulator: not an http or https URL: 'notaurl' "
                                       "(for example http://127.0.0.1:5000/)")


ODD_FLAGS = [
    ["--url", "notaurl"], ["--url", "http://"], ["--url", "http://127.0.0.1:99999/"],
    ["--url", "ftp://127.0.0.1/"], ["--locale", "xx-XX"], ["--models", "/nonexistent"],
    ["--test", "/nonexistent.yaml"], ["--target", "no_such_module:target"],
    ["--target", "skill.local:no_such_function"], ["--target", "os:getcwd"],
    ["--target", "no-colon"], ["--target", "skill.settings:ConfigError"],
    ["--export-replay", "/dev/null/replay", "--test", "/nonexistent"],
    ["--clock", "sideways"], ["--grant-permissions", "perhaps"], ["--matcher", "strict"],
    ["--check", "--locale", "en-GB"], ["--json", "--url", "http://127.0.0.1:9/", "hello"],
]


@pytest.mark.parametrize("flags", ODD_FLAGS, ids=[" ".join(f) for f in ODD_FLAGS])
def test_odd_flags_get_a_message_never_a_traceback(flags, capsys):
    from alexa_simulator.cli import main

    try:
        status = main(flags)
    except SystemExit as exit_:  # argparse's own refusal: usage and a message, status 2
        status = exit_.code
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err and err.strip()


def test_broken_conversation_files_and_models_are_named_not_raised(tmp_path, capsys):
    from alexa_simulator.cli import main

    (tmp_path / "broken.yaml").write_text("- name: [unclosed\n", encoding="utf-8")
    assert main(["--test", str(tmp_path / "broken.yaml")]) == 2
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "en-US.json").write_text("{not json", encoding="utf-8")
    assert main(["--check", "--models", str(tmp_path / "models")]) == 2
    err = capsys.readouterr().err
    assert "broken.yaml is not readable YAML" in err and "is not an interaction model" in err
    assert "Traceback" not in err


def fuzzed_repl_lines(count, seed=21):
    import random

    rng = random.Random(seed)
    spans = ["-5m", "1e400", "nan", "inf", "-inf", "99999d", "", "abc", "1.5h", "0", "90s", "2d",
             "1 d", "m", "--", "\u0661\u0662"]
    commands = [":advance", ":timers", ":reminders", ":session", ":log", ":verbose", ":wait",
                ":help", ":", "::", ":ADVANCE", ":nonsense", ": advance 5m"]
    words = ["open back spasm coach", "start a fifteen minute ice session", "stop", "", "yes",
             "exit", "\x00\x01", "\u202e\u0645\u0631\u062d\u0628\u0627", "ask back spasm coach",
             "x" * 2000, "remind me to sit less", "what's the weather", "🙂 " * 30]
    lines = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.35:
            lines.append(f":advance {rng.choice(spans)}")
        elif kind < 0.6:
            lines.append(rng.choice(commands) + rng.choice(["", " " + rng.choice(spans)]))
        else:
            lines.append(rng.choice(words))
    return lines


def test_the_repl_answers_any_command_or_words_without_a_traceback(device, monkeypatch, capsys):
    from alexa_simulator.cli import _Printer, _SkillLog, repl

    lines = fuzzed_repl_lines(120) + [":quit"]
    answers = iter(lines)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers, ":quit"))
    printer = _Printer(verbose=False, speak=False, locale="en-US")
    log = _SkillLog(verbose=False)
    log.install()
    try:
        with device(clock="manual", permission=printer.ask_permission,
                    user_id="amzn1.ask.account.FUZZ") as simulated:
            printer.skill_name = simulated.skill_name
            assert repl(simulated, printer, log) == 0
    finally:
        log.uninstall()
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "(time only moves forward: give a length of time such as 15m)" in out.out
    assert "(say how long: :advance 15m" in out.out


def test_the_permission_prompt_says_what_it_accepts_when_it_does_not_understand(cli):
    finished = cli("--new-user", stdin="start a fifteen minute ice session\nmaybe\ny\n:quit\n")
    assert finished.returncode == 0, finished.stderr
    assert "(answer yes or y, no or n, or Enter for silence)" in finished.stdout
    assert "(permission accepted)" in finished.stdout


def test_service_warnings_stay_out_of_the_conversation_unless_asked_for(cli):
    said = ("start a fifteen minute ice session\ny\n:wait\nstop the ice session\n"
            "how much time is left\n")
    quiet = cli("--new-user", "--clock", "manual", stdin=said + ":quit\n")
    assert quiet.returncode == 0, quiet.stderr
    assert "WARNING" not in quiet.stdout and "WARNING" not in quiet.stderr
    kept = cli("--new-user", "--clock", "manual", stdin=said + ":log\n:quit\n")
    assert "  WARNING skill." in kept.stdout  # :log shows them, on request
    loud = cli("--new-user", "--clock", "manual", "--verbose", stdin=said + ":quit\n")
    assert "  . log: WARNING skill." in loud.stderr and "WARNING" not in loud.stdout
