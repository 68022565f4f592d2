"""Every door reads its settings once and builds its skill once.

The Lambda door (``lambda_handler``) reads the environment on the first request of a
cold start, never again; the web door when its app is made (``test_web_config``); the
simulator's target when the simulator starts (``skill.local``).
"""

import json
import os
import subprocess
import sys

from envelopes import envelope, launch_request

from skill.door import SkillDoor
from skill.local import simulator_target
from skill.settings import Settings

#: In a fresh process, as on a Lambda cold start: count every read of a BSC_* variable.
COLD_START = r"""
import json, os, sys

class Counting(dict):
    reads = []
    def _count(self, key):
        if str(key).startswith(("BSC_", "AWS_LAMBDA")):
            Counting.reads.append(key)
    def get(self, key, default=None):
        self._count(key)
        return super().get(key, default)
    def __getitem__(self, key):
        self._count(key)
        return super().__getitem__(key)
    def __contains__(self, key):
        self._count(key)
        return super().__contains__(key)

os.environ = Counting(os.environ)
import lambda_handler

event = json.loads(sys.stdin.read())
found = []
for number in range(4):
    before = len(Counting.reads)
    speech = lambda_handler.handler(dict(event), None)["response"]["outputSpeech"]["ssml"]
    found.append({"reads": len(Counting.reads) - before, "welcome": "Welcome" in speech})
    os.environ["BSC_STORAGE"] = "nonsense"  # read now, it would refuse to build
print(json.dumps(found))
"""


def test_the_lambda_door_reads_the_environment_on_the_first_request_only(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BSC_")}
    env.update(BSC_STORAGE="sqlite", BSC_SQLITE_PATH=str(tmp_path / "memory.sqlite3"))
    done = subprocess.run([sys.executable, "-c", COLD_START], input=json.dumps(envelope(launch_request())),
                          capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    first, *later = json.loads(done.stdout)
    assert first["reads"] >= 9 and first["welcome"]  # every setting, once
    assert later == [{"reads": 0, "welcome": True}] * 3


def test_a_door_builds_its_skill_once_from_the_settings_it_read_once():
    reads = []

    def read_settings():
        reads.append(1)
        return Settings(storage="none")

    door = SkillDoor(read_settings)
    skills = {id(door.skill()) for _ in range(3)}
    answers = [door(envelope(launch_request())) for _ in range(3)]
    assert reads == [1] and len(skills) == 1
    assert all("Welcome" in a["response"]["outputSpeech"]["ssml"] for a in answers)
    door.close()


def test_settings_a_door_cannot_use_get_the_catch_all_answer_and_are_read_again_next_time(caplog):
    attempts = []

    def read_settings():
        attempts.append(1)
        return Settings.from_env({"BSC_DEV_LOOPBACK_ALEXA_API": "ture"})

    door = SkillDoor(read_settings)
    for _ in range(2):
        answer = door(envelope(launch_request()))
        assert "call 911" in answer["response"]["outputSpeech"]["ssml"]
    assert len(attempts) == 2
    assert "BSC_DEV_LOOPBACK_ALEXA_API" in caplog.text


def test_the_simulators_target_is_the_skill_with_the_local_alexa_api_allowed(settings):
    target = simulator_target(settings)
    try:
        assert target.settings == settings._replace(dev_loopback_alexa_api=True)
        assert "Welcome" in target(envelope(launch_request()))["response"]["outputSpeech"]["ssml"]
    finally:
        target.close()
