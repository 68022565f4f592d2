"""Per-user memory (stub interface; the storage-backed version replaces this).

``memory_for(handler_input)`` never raises: when storage is off or failing it
returns a memory that remembers nothing, so guidance and safety go on.
"""

from typing import List, Optional


class NoMemory:
    """Remembers nothing: the first launch every time, no pain start date, no counts."""

    available = False

    def heard_disclaimer(self) -> bool:
        return False

    def mark_disclaimer_heard(self) -> None:
        pass

    def pain_day(self) -> Optional[int]:
        """Day of the back pain, 1 on the day it started; None when unknown."""
        return None

    def set_pain_start(self, start_date) -> None:
        pass

    def last_topic(self) -> Optional[str]:
        return None

    def set_last_topic(self, topic_id: str) -> None:
        pass

    def record_session(self, kind: str) -> Optional[int]:
        """Count one heat/ice/alternating session today; the new count, or None if unknown."""
        return None

    def sessions_today(self, kind: Optional[str] = None) -> Optional[int]:
        return None

    def active_timers(self) -> List[dict]:
        return []

    def add_timer(self, timer: dict) -> None:
        pass

    def remove_timer(self, timer_id: str) -> None:
        pass

    def forget(self) -> None:
        pass


def memory_for(handler_input) -> NoMemory:
    return NoMemory()
