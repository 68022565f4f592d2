"""A moment by which something must be done: what every call that can wait is given.

The turn (``skill.turn``) makes one ``Deadline`` when the request arrives and
hands it, or a moment derived from it, to each call that can wait: the Alexa
APIs (``skill.services.alexa_api``) and storage (``skill.services.storage``).
A call turns it into a time-out at the moment it waits (``remaining()``), so
the seconds are never worked out once and carried about. It is a value: it
never changes, so nothing holding it can drift from the turn's.
"""

import time
from typing import NamedTuple


class Deadline(NamedTuple):
    """``time.monotonic()`` by which the work must be done."""

    ends: float

    @classmethod
    def after(cls, seconds: float, start: float | None = None) -> "Deadline":
        """``seconds`` from ``start`` (a ``time.monotonic()`` reading; now when omitted)."""
        return cls((time.monotonic() if start is None else start) + seconds)

    def remaining(self) -> float:
        """Seconds left now; never negative."""
        return max(0.0, self.ends - time.monotonic())

    def earlier_by(self, seconds: float) -> "Deadline":
        """This deadline, ``seconds`` sooner (time kept back for what comes after)."""
        return Deadline(self.ends - seconds)

    def at_most(self, seconds: float) -> "Deadline":
        """This deadline, or ``seconds`` from now if that comes first."""
        return Deadline(min(self.ends, time.monotonic() + seconds))

    def sooner(self, other: "Deadline | None") -> "Deadline":
        """Whichever of the two comes first (``other`` None: this one)."""
        return self if other is None or self.ends <= other.ends else other
