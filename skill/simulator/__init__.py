"""A local Alexa for Back Spasm Coach: type what you would say, hear what Alexa would.

- ``nlu``: understanding from ``interaction_models/<locale>.json`` alone
  (fuzzy sample matching, slots, entity resolution, built-in intents).
- ``text``: typed words to tokens (case, punctuation, contractions, digits).
- ``builtin_slots``: AMAZON.DURATION, AMAZON.NUMBER and AMAZON.DATE, converted as Alexa does.
- ``envelopes``: request envelopes as Alexa sends them (shared with the tests).
- ``device``: one simulated Echo: sessions, invocation phrasing, voice
  permissions, the emulated Alexa APIs, in-process or HTTP targets.
- ``alexa_api``: the local Alexa Timers and Settings APIs (its own module and owner).
- ``conversation_tests``: YAML conversations with expectations, run by pytest.
- ``python -m skill.simulator``: the command line (REPL, ``--json``, ``--check``, ``--test``).
"""
