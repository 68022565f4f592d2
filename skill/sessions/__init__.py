"""Timed sessions without words or handlers: what a session may be (``plan``) and the
timers the skill keeps for them (``timer_records``). The words are in
``skill/content/sessions.py``; the conversation is in ``skill/handlers/sessions.py``.
"""
