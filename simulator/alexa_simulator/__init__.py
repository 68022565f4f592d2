"""A local Alexa for any custom skill: type what you would say, hear what Alexa would.

It knows a skill only through what it is given: the interaction models (a folder of
``<locale>.json``), a locale, and a target, which is a callable from a request
envelope (a dict) to a response envelope (a dict), or the URL of the skill's web
service. It imports nothing of the skill and changes no process setting.

- ``nlu``: understanding from the model alone (fuzzy sample matching, slots,
  entity resolution, built-in intents), with a calibrated fallback.
- ``text``: typed words to tokens (case, punctuation, contractions, digits).
- ``builtin_slots``: AMAZON.DURATION, AMAZON.NUMBER, AMAZON.DATE and AMAZON.TIME, converted as Alexa does.
- ``envelopes``: request envelopes as Alexa sends them, and what a response says.
- ``device``: one simulated Echo: sessions, invocation phrasing, voice
  permissions, the emulated Alexa APIs, the device's clock, the target.
- ``alexa_api`` and ``reminders_api``: the local Alexa Timers, Reminders,
  Settings and Directive APIs.
- ``conversation_tests``: YAML conversations with expectations.
- ``replay``: the same conversations as ``ask dialog --replay`` files.
- ``calibration``: how the matcher's fallback threshold is chosen.
- ``cli``: the ``alexa-simulator`` command (REPL, ``--json``, ``--check``, ``--test``).
"""

from .device import Device, HttpTarget, TargetError

__all__ = ["Device", "HttpTarget", "TargetError"]
