"""The simulator (``alexa_simulator``, an installed dependency) as the suite uses it."""

import contextlib
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: This project's interaction models, which the simulator understands with.
MODELS_DIR = os.path.join(ROOT, "interaction_models")
#: This project's YAML conversation tests.
CONVERSATIONS_DIR = os.path.join(ROOT, "tests", "conversations")


@contextlib.contextmanager
def skill_device(locale: str = "en-US"):
    """A simulated Echo talking to this skill in-process, nothing stored, the clock manual."""
    from alexa_simulator.device import Device

    from skill.local import simulator_target
    from skill.settings import Settings

    target = simulator_target(Settings(storage="none"))
    try:
        with Device(target=target, models_dir=MODELS_DIR, locale=locale, permission="none",
                    clock="manual") as device:
            yield device
    finally:
        target.close()

