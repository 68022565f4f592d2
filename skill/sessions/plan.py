"""What a timed session may be: its kinds, the lengths the guide allows, and the defaults.

The numbers are the guide's (``skill/content/sessions.py``); this module only
applies them. A ``Plan`` travels as plain JSON (session state, the AskFor
token, a yes/no offer) and is rebuilt from it only if the guide allows it.
"""

from enum import StrEnum
from typing import NamedTuple, Optional

from ..content import sessions as words
from ..services.iso8601 import parse_duration
from ..services.timers import whole_minutes


class Kind(StrEnum):
    """A kind of session. Equal to its plain-string value, which is what is stored and sent."""

    HEAT = "heat"
    ICE = "ice"
    ALTERNATING = "alternating"  # heat and ice together, one after the other
    WALK = "walk"
    SITTING = "sitting"  # a reminder to get up


#: Heat and ice sessions: counted per day, and one replaces another.
TREATMENTS = (Kind.HEAT, Kind.ICE, Kind.ALTERNATING)
#: Sessions that replace one another, in the order they are spoken about.
GROUP_ORDER = ("treatment", "walk", "sitting", "other")

#: The lengths the guide allows, in minutes (inclusive); heat and ice together: each part.
ALLOWED_MINUTES = {
    Kind.HEAT: (words.TREATMENT_MIN_MINUTES, words.TREATMENT_MAX_MINUTES),
    Kind.ICE: (words.TREATMENT_MIN_MINUTES, words.TREATMENT_MAX_MINUTES),
    Kind.ALTERNATING: (words.TREATMENT_MIN_MINUTES, words.TREATMENT_MAX_MINUTES),
    Kind.WALK: (words.WALK_MIN_MINUTES, words.WALK_MAX_MINUTES),
    Kind.SITTING: (words.SITTING_MINUTES, words.SITTING_MINUTES),
}
#: The length when none was said or heard.
DEFAULT_MINUTES = {
    Kind.HEAT: words.TREATMENT_DEFAULT_MINUTES,
    Kind.ICE: words.TREATMENT_DEFAULT_MINUTES,
    Kind.ALTERNATING: words.ALTERNATING_DEFAULT_PHASE_MINUTES,
    Kind.WALK: words.WALK_DEFAULT_MINUTES,
    Kind.SITTING: words.SITTING_MINUTES,
}
#: Why a length was chosen for the user: not said, not understood, or a switch of packs.
DEFAULTED_REASONS = ("unsaid", "unheard", "switch")
PACKS = ("heat", "ice")


def group_of_kind(kind) -> str:
    """Sessions that replace one another: any heat or ice one, a walk, a sitting reminder."""
    if kind in TREATMENTS:
        return "treatment"
    return kind if kind in (Kind.WALK, Kind.SITTING) else "other"


def kind_of(value) -> Kind | None:
    """The kind named by a stored or sent value, or None."""
    try:
        return Kind(value)
    except ValueError:
        return None


class Plan(NamedTuple):
    """A session the guide allows: its kind and length.

    ``minutes`` is the whole session, except for heat and ice together, where it
    is each of the two parts. ``defaulted`` is "unsaid" or "unheard" when the
    length was chosen for the user, "switch" when it replaces the other pack
    (at the length asked for, or the default).
    """

    kind: Kind
    minutes: int
    defaulted: str | None = None
    first: str = "heat"

    @property
    def group(self) -> str:
        return group_of_kind(self.kind)

    @property
    def second(self) -> str:
        return "ice" if self.first == "heat" else "heat"

    def specs(self) -> list[dict]:
        """The timers this session needs: seconds, step, what is on the back, label, announcement."""
        seconds = self.minutes * 60
        if self.kind == Kind.ALTERNATING:
            switch_step = "switch_to_" + self.second
            return [
                dict(seconds=seconds, step=switch_step, pack=self.first,
                     label=words.LABEL[("alternating", switch_step)],
                     announcement=words.ANNOUNCE_SWITCH[self.second]),
                dict(seconds=2 * seconds, step="end", pack=self.second,
                     label=words.ALTERNATING_END_LABEL[self.second],
                     announcement=words.ANNOUNCE_END[self.second]),
            ]
        return [dict(seconds=seconds, step="end", pack=self.kind.value if self.kind in PACKS else None,
                     label=words.LABEL[(self.kind, "end")], announcement=words.ANNOUNCE_END[self.kind])]

    def as_dict(self) -> dict:
        """Plain JSON for session state, the AskFor token and yes/no offers."""
        return {"treatment": self.kind.value, "minutes": self.minutes, "defaulted": self.defaulted,
                "first": self.first}

    @classmethod
    def from_dict(cls, data) -> Optional["Plan"]:
        """A plan from session state, a token or an offer, only if the guide allows it (else None)."""
        if not isinstance(data, dict):
            return None
        kind, minutes = kind_of(data.get("treatment")), data.get("minutes")
        if kind is None or isinstance(minutes, bool) or not isinstance(minutes, int):
            return None
        low, high = ALLOWED_MINUTES[kind]
        if not low <= minutes <= high:
            return None
        defaulted = data.get("defaulted")
        defaulted = defaulted if defaulted in DEFAULTED_REASONS else None
        first = data.get("first") if data.get("first") in PACKS else "heat"
        return cls(kind, minutes, defaulted, first)


def plan_session(kind, duration_value, first="heat") -> tuple[Plan | None, Plan | None]:
    """(plan, None) when the length is allowed or defaulted; (None, nearest plan) when outside.

    ``duration_value`` is the raw AMAZON.DURATION slot value, or None when absent.
    For heat and ice together the length is the whole session, split in two.
    A sitting reminder always runs its one length.
    """
    kind = Kind(kind)
    if kind == Kind.SITTING:
        return Plan(kind, DEFAULT_MINUTES[kind]), None
    seconds = parse_duration(duration_value) if duration_value else None
    if seconds is None:
        defaulted = "unheard" if duration_value else "unsaid"
        return Plan(kind, DEFAULT_MINUTES[kind], defaulted, first), None
    minutes = whole_minutes(seconds / 2 if kind == Kind.ALTERNATING else seconds)
    low, high = ALLOWED_MINUTES[kind]
    if low <= minutes <= high:
        return Plan(kind, minutes, None, first), None
    return None, Plan(kind, low if minutes < low else high, None, first)
