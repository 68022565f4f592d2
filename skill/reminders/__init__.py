"""Reminders between conversations, apart from the conversation about them.

- ``plan``: what a series is (walks, the bedtime stretch, sitting breaks), the
  times it goes off, working-day arithmetic, and the reminders it makes;
- ``times``: times of day read from what Alexa heard and said back as words;
- ``records``: the skill's reminders as the Reminders API lists them, each
  known by its id, and its kind kept in memory by that id, never read from
  its words; deleting them all ("forget me", disabling the skill).

Every spoken word is in ``skill/content/reminders.py``; the handlers are in
``skill/handlers/reminders.py``. Nothing here imports a handler.
"""
