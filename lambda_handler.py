"""AWS Lambda entry point: ``lambda_handler.handler``.

The door reads the settings from the environment once, on the first request of a
cold start, builds the skill from them once, and answers every later request with
that skill (``skill.door.SkillDoor``). It never raises, whatever it is given: an
envelope the SDK cannot read, or settings that cannot be used, get a valid Alexa
response with the catch-all's words and one log line naming the exception type.
"""

import logging

from skill.door import SkillDoor
from skill.settings import Settings

# The skill's own loggers say what they do at INFO (never user data); the root logger and
# its level are the Lambda runtime's (AWS_LAMBDA_LOG_LEVEL), left as they are.
logging.getLogger("skill").setLevel(logging.INFO)

#: This process's one skill, built on the first request from the environment read then.
door = SkillDoor(Settings.from_env)


def handler(event, context):
    """Answer one Alexa request envelope (a dict) with a response envelope (a dict)."""
    return door(event, context)
