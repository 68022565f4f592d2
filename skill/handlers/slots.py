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
