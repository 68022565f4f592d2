"""AWS Lambda entry point: ``lambda_handler.handler``.

The door reads the settings from the environment once, on the first request of a
cold start, builds the skill from them once, and answers every later request with
that skill (``skill.door.SkillDoor``). It never raises, whatever it is given: an
envelope the SDK cannot read, or settings that cannot be used, get a valid Alexa
response with the catch-all's words and one log line naming the exception type.
"""

import gc
import logging

# A cold start makes only long-lived objects (modules, classes, the SDK's models):
# collecting garbage among them is wasted time, so the collector waits until they
# are loaded, and then leaves them out of every later collection.
_collecting = gc.isenabled()
gc.disable()
try:
    from skill.door import SkillDoor
    from skill.settings import Settings
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

logging.getLogger().setLevel(logging.INFO)

#: This process's one skill, built on the first request from the environment read then.
door = SkillDoor(Settings.from_env)


def handler(event, context):
    """Answer one Alexa request envelope (a dict) with a response envelope (a dict)."""
    return door(event, context)
