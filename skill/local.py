"""The skill in this process, for the local simulator: ``simulator_target()``.

The project's ``pyproject.toml`` names it as the ``alexa-simulator`` command's
target. It reads the settings from the environment once, when the simulator
starts, and lets the skill call the simulator's Alexa API emulator, which serves
plain http on 127.0.0.1 (``dev_loopback_alexa_api``); otherwise the skill is
exactly the one Lambda runs, behind the same door.
"""

from .door import SkillDoor
from .settings import Settings


def simulator_target(settings: Settings | None = None) -> SkillDoor:
    """A callable from a request envelope (a dict) to a response envelope (a dict)."""
    settings = (settings or Settings.from_env())._replace(dev_loopback_alexa_api=True)
    door = SkillDoor(lambda: settings)
    door.skill()  # settings that cannot be used are said now, when the simulator starts
    return door
