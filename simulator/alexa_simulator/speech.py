"""What a listener hears of a response: SSML as plain text, and its first sentence.

Alexa's own reading of SSML, not any skill's: tags are not spoken, entities are
decoded, white space is folded.
"""

import re

_TAG = re.compile(r"<[^>]+>")
_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(\s|$)")


def to_plain_text(ssml: str) -> str:
    """What a listener hears, as text: tags dropped, entities decoded, spaces folded."""
    text = _TAG.sub(" ", ssml or "")
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    text = text.replace("&apos;", "'").replace("&amp;", "&")
    return " ".join(text.split())


def first_sentence(text: str) -> str:
    """The words up to the first full stop, question or exclamation mark (all of it if none)."""
    match = _FIRST_SENTENCE.match(text.strip())
    return match.group(1) if match else text.strip()
