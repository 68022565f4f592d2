"""Timed heat, ice, walking and sitting-break sessions (stub: filled in by the timers work)."""

HANDLERS = ()
EXCEPTION_HANDLERS = ()
