"""``python -m alexa_simulator``: the same as the ``alexa-simulator`` command."""

import sys

from .cli import main

sys.exit(main())
