"""Turning the skill's plain-text words into what Alexa needs: SSML, cards, budgets.

Content is written as plain sentences. This module is the only place that
escapes it for SSML, so a stray "&" in a sentence can never break a response.
"""

import re
from typing import NamedTuple, Optional, Sequence

#: Alexa's limit on output speech and card text, in characters.
MAX_SPEECH_CHARS = 8000

_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


class Reply(NamedTuple):
    """One response, in plain text; handlers build these, ``replies.send`` renders them."""

    speech: str
    reprompt: Optional[str] = None
    card_title: Optional[str] = None
    #: Defaults to the speech; set it when the card should say more or less.
    card_text: Optional[str] = None
    #: None lets the reprompt decide: a question keeps the session open.
    end_session: Optional[bool] = None
    directives: Sequence[object] = ()

    @property
    def ends_session(self) -> bool:
        if self.end_session is not None:
            return self.end_session
        return self.reprompt is None


def escape(text: str) -> str:
    """XML-escape ``&``, ``<`` and ``>`` (``xml.sax.saxutils`` would cost a cold start ~10 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def join(*sentences: Optional[str]) -> str:
    """Join non-empty sentences with single spaces."""
    return " ".join(s.strip() for s in sentences if s and s.strip())


def to_ssml(text: str) -> str:
    """Wrap plain text as SSML, escaping what XML would misread."""
    if len(text) > MAX_SPEECH_CHARS:
        raise ValueError(f"speech of {len(text)} characters is over Alexa's limit")
    return f"<speak>{escape(text)}</speak>"


def to_plain_text(ssml: str) -> str:
    """What a listener hears, as text: tags dropped, entities decoded, spaces folded."""
    text = _TAGS.sub(" ", ssml)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return _SPACES.sub(" ", text).strip()


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


def number_words(n: int) -> str:
    """0 to 999 in words: 15 is "fifteen", 45 "forty-five", 105 "one hundred and five"."""
    n = int(n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("-" + _ONES[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    return _ONES[hundreds] + " hundred" + (" and " + number_words(rest) if rest else "")


def ordinal_words(n: int):
    """ "third" for 3; None past twelfth (then the count is said as a number)."""
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else None
