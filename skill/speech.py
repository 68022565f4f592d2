"""Turning the skill's plain-text words into what Alexa needs: SSML, cards, budgets.

Content is written as plain sentences. This module is the only place that
escapes it for SSML, so a stray "&" in a sentence can never break a response,
and the only place that strips what SSML cannot carry: text read back from a
session ("repeat" says the stored ``last_speech``) may hold control
characters, lone surrogates or other code points XML forbids.
"""

import re
from collections.abc import Sequence
from typing import NamedTuple

#: Alexa's limit on output speech and card text, in characters.
MAX_SPEECH_CHARS = 8000

#: What XML 1.0 cannot carry (C0 controls but tab, newline and return; lone
#: surrogates; U+FFFE and U+FFFF), plus DEL and the C1 controls, which it can
#: but no voice should be handed: first the part below U+0100, then the rest,
#: which only text that is not ASCII can hold. A class reaching past U+00FF
#: takes 0.4 ms to compile, so that one is compiled on first use (re's cache).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOT_XML = "[\ud800-\udfff\ufffe\uffff]"


class Reply(NamedTuple):
    """One response, in plain text; handlers build these, ``replies.send`` renders them."""

    speech: str
    reprompt: str | None = None
    card_title: str | None = None
    #: Defaults to the speech; set it when the card should say more or less.
    card_text: str | None = None
    #: None lets the reprompt decide: a question keeps the session open.
    end_session: bool | None = None
    directives: Sequence[object] = ()
    #: Self-care words from the guide: a new user hears the disclaimer with the first of them.
    self_care: bool = False

    @property
    def ends_session(self) -> bool:
        if self.end_session is not None:
            return self.end_session
        return self.reprompt is None


def clean(text: str) -> str:
    """``text`` without the characters SSML (XML 1.0) cannot carry; each becomes a space."""
    text = _CONTROLS.sub(" ", text)
    return text if text.isascii() else re.sub(_NOT_XML, " ", text)


def escape(text: str) -> str:
    """Clean, then XML-escape ``&``, ``<`` and ``>`` (``xml.sax.saxutils`` would cost a cold start ~10 ms)."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def join(*sentences: str | None) -> str:
    """Join non-empty sentences with single spaces."""
    return " ".join(s.strip() for s in sentences if s and s.strip())


def to_ssml(text: str) -> str:
    """Wrap plain text as SSML, escaping what XML would misread.

    Raises ValueError when the SSML would reach Alexa's limit: content is
    written far below it, and session attributes longer than it are dropped
    before any handler reads them (``skill.session_check``).
    """
    ssml = f"<speak>{escape(text)}</speak>"
    if len(ssml) >= MAX_SPEECH_CHARS:
        raise ValueError(f"speech of {len(ssml)} characters is over Alexa's limit")
    return ssml


def to_plain_text(ssml: str) -> str:
    """What a listener hears, as text: tags dropped, entities decoded, spaces folded."""
    text = re.sub(r"<[^>]+>", " ", ssml)  # compiled on first use: only tools read speech back
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def word_count(text: str) -> int:
    return len(text.split())


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return match.group(1) if match else text.strip()


# -- numbers, said as words ----------------------------------------------------

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
             "twelfth").split()


_SCALES = ("thousand million billion trillion quadrillion quintillion sextillion septillion "
           "octillion nonillion decillion").split()


def number_words(n: int) -> str:
    """Any whole number in words: 45 is "forty-five", 105 "one hundred and five",
    1200 "one thousand two hundred", 2005 "two thousand and five".

    Past the decillions the top scale repeats ("one thousand decillion").
    """
    n = int(n)
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("-" + _ONES[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + " hundred" + (" and " + number_words(rest) if rest else "")
    scale = 1
    while scale < len(_SCALES) and n >= 1000 ** (scale + 1):
        scale += 1
    head, rest = divmod(n, 1000 ** scale)
    words = number_words(head) + " " + _SCALES[scale - 1]
    if not rest:
        return words
    return words + (" and " if rest < 100 else " ") + number_words(rest)


def ordinal_words(n: int):
    """ "third" for 3; None past twelfth (then the count is said as a number)."""
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else None


def time_words(hour: int, minute: int) -> str:
    """'ten am', 'nine thirty pm', 'noon'."""
    if (hour, minute) == (12, 0):
        return "noon"
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    said = number_words(twelve)
    if minute:
        said += " " + (f"oh {number_words(minute)}" if minute < 10 else number_words(minute))
    return f"{said} {suffix}"


def list_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
