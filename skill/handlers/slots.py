"""Reading slots from an IntentRequest, the same way in every handler.

Slots arrive as Alexa filled them: words that may be empty, and for custom
types an entity resolution that may or may not have matched a value id.
"""


#: TreatmentType value id -> the session kind the skill counts and times.
TREATMENT_KIND_BY_ID = {"HEAT": "heat", "ICE": "ice", "ALTERNATING": "alternating"}


def _slot(handler_input, slot_name):
    request = handler_input.request_envelope.request
    slots = getattr(getattr(request, "intent", None), "slots", None) or {}
    return slots.get(slot_name)


def slot_value(handler_input, slot_name) -> str | None:
    """The slot's value (words, or a built-in type's conversion such as ``PT15M``); None if empty."""
    value = getattr(_slot(handler_input, slot_name), "value", None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def resolved_slot(handler_input, slot_name) -> tuple[str | None, str | None]:
    """(words Alexa heard, matched value id or None) for a custom slot."""
    slot = _slot(handler_input, slot_name)
    if slot is None or not slot.value:
        return None, None
    authorities = getattr(slot.resolutions, "resolutions_per_authority", None) or []
    for authority in authorities:
        # Compared by name: importing the SDK's StatusCode enum costs a cold start ~2 ms.
        if authority.status and getattr(authority.status.code, "value", None) == "ER_SUCCESS_MATCH":
            if authority.values:
                return slot.value, authority.values[0].value.id
    return slot.value, None


#: EverydayActivityType ids that are the skill's own topics: "a walk", "go for a walk" are heard
#: as an everyday activity (ActivityIntent), and answer "which one?" as the topic's intent would.
_ACTIVITY_AS_TOPIC_INTENT = {"WALK": "WalkingIntent", "SIT": "SittingIntent", "STRETCH": "StretchingIntent"}


def intent_named(handler_input) -> str | None:
    """The request's intent name, an everyday activity that is one of the skill's own topics read
    as that topic's intent ("a walk", said to "heat, ice, a walk, or a sitting break?")."""
    name = getattr(getattr(handler_input.request_envelope.request, "intent", None), "name", None)
    if name == "ActivityIntent":
        return _ACTIVITY_AS_TOPIC_INTENT.get(resolved_slot(handler_input, "pastime")[1], name)
    return name


#: Words that name a medicine, read in slot words that matched no value ("take my gabapentin"):
#: a reminder or timer for a medicine gets its own honest answer.
MEDICINE_WORDS = frozenset({
    "medicine", "medicines", "medication", "medications", "meds", "pill", "pills", "tablet",
    "tablets", "capsule", "capsules", "dose", "doses", "prescription", "prescriptions",
    "painkiller", "painkillers", "antibiotic", "antibiotics", "relaxant", "relaxants",
    "relaxer", "relaxers", "ibuprofen", "naproxen", "acetaminophen", "paracetamol", "tylenol",
    "advil", "motrin", "aleve", "aspirin", "inhaler", "insulin", "vitamin", "vitamins",
    # Prescriptions people are given for a back: named here only to be recognised as medicines.
    "gabapentin", "cyclobenzaprine", "flexeril", "methocarbamol", "robaxin", "tizanidine",
    "baclofen", "diazepam", "valium", "tramadol", "codeine", "oxycodone", "hydrocodone",
    "diclofenac", "meloxicam", "celecoxib", "prednisone", "steroids",
})


def mentions_medicine(words: str | None) -> bool:
    """Whether ``words`` (as Alexa heard them) name a medicine."""
    return bool(words) and not MEDICINE_WORDS.isdisjoint(words.lower().replace("'", " ").split())


#: Words that name nothing to time or remind of by themselves ("start a session", "do it").
GENERIC_WORDS = frozenset({
    "a", "an", "the", "my", "me", "it", "this", "that", "one", "some", "something", "please",
    "for", "to", "do", "session", "sessions", "treatment", "treatments", "timer", "timers",
    "reminder", "reminders", "routine", "daily", "new", "another", "again",
})


def names_something(words: str | None) -> bool:
    """Whether ``words`` (as Alexa heard them) name anything beyond generic words."""
    return bool(words) and not set(words.lower().replace("'", " ").split()) <= GENERIC_WORDS
