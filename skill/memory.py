"""Per-user memory (stub interface; the storage-backed version replaces this).

``memory_for(handler_input)`` never raises: when storage is off or failing it
returns a memory that remembers nothing, so guidance and safety go on.
"""

from typing import Optional


class NoMemory:
    """Remembers nothing: the first launch every time, no pain start date."""

    available = False

    def heard_disclaimer(self) -> bool:
        return False

    def mark_disclaimer_heard(self) -> None:
        pass

    def pain_day(self) -> Optional[int]:
        """Day of the back pain, 1 on the day it started; None when unknown."""
        return None

    def set_last_topic(self, topic_id: str) -> None:
        pass

    def forget(self) -> None:
        pass


def memory_for(handler_input) -> NoMemory:
    return NoMemory()
