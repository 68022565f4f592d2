"""The simulator (``alexa_simulator``, an installed dependency) as the suite uses it."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: This project's interaction models, which the simulator understands with.
MODELS_DIR = os.path.join(ROOT, "interaction_models")
#: This project's YAML conversation tests.
CONVERSATIONS_DIR = os.path.join(ROOT, "tests", "conversations")

