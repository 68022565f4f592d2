"""Turning typed words into the tokens the matcher compares.

Alexa hears speech, so it never sees case, punctuation or spelling slips; a
person typing produces all three. ``tokenise`` removes the difference the
same way for the model's samples and for what the developer types:

- lower case; punctuation dropped except apostrophes; hyphens split words;
  "e. r." and "e.r." become "er";
- contractions expanded ("what's" -> "what is", "can't" -> "can not",
  "cant" -> "can not"), so "i'm", "im" and "i am" are the same tokens;
- numbers typed as digits are kept as digits (the built-in slot grammars read
  both), and ``spoken_variants`` also offers them as words, read as a
  number ("30" -> "thirty") and digit by digit ("911" -> "nine one one").

Every token remembers the word it came from, so a slot's ``value`` is the
words the user said, as Alexa sends it.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DIGIT_GROUPS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_ABBREVIATION = re.compile(r"\b(?:[a-z]\.\s?){2,}")
_ATTACHED_UNIT = re.compile(r"\b(\d+)([a-z]+)\b")
_ORDINAL_SUFFIX = {"st", "nd", "rd", "th"}

# Contractions with and without the apostrophe (typed quickly).
_WHOLE_WORDS = {
    "can't": "can not", "cant": "can not", "cannot": "can not", "won't": "will not",
    "wont": "will not", "shan't": "shall not", "ain't": "is not", "aint": "is not",
    "let's": "let us", "lets": "let us", "i'm": "i am", "im": "i am", "ive": "i have",
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "isnt": "is not",
    "arent": "are not", "wasnt": "was not", "werent": "were not", "hasnt": "has not",
    "havent": "have not", "hadnt": "had not", "shouldnt": "should not", "couldnt": "could not",
    "wouldnt": "would not", "mustnt": "must not", "whats": "what is", "thats": "that is",
    "theres": "there is", "heres": "here is", "wheres": "where is", "hows": "how is",
    "whos": "who is", "its": "it is", "youre": "you are", "theyre": "they are",
    "youve": "you have", "weve": "we have", "theyve": "they have", "youll": "you will",
    "ok": "okay", "alright": "all right",
}
_S_IS = {"it", "what", "that", "there", "here", "where", "how", "who", "he", "she", "this",
         "everything", "something", "nothing", "someone", "when", "why"}
_SUFFIXES = (("n't", "not"), ("'m", "am"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"),
             ("'d", "would"))


@dataclass(frozen=True)
class Tokens:
    """Normalised tokens, each with the index of the typed word it came from."""

    tokens: tuple[str, ...]
    sources: tuple[int, ...]
    words: tuple[str, ...]

    def surface(self, start: int, end: int) -> str:
        """The typed words behind tokens ``start:end`` (lower case, as Alexa writes them)."""
        if start >= end:
            return ""
        first, last = self.sources[start], self.sources[end - 1]
        return " ".join(self.words[first:last + 1])

    def __len__(self):
        return len(self.tokens)


def _expand(word: str) -> list[str]:
    if word in _WHOLE_WORDS:
        return _WHOLE_WORDS[word].split()
    if "'" not in word:
        return [word]
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return [word[:-len(suffix)], replacement]
    if word.endswith("'s"):
        stem = word[:-2]
        return [stem, "is"] if stem in _S_IS else [stem]
    if word.endswith("s'"):
        return [word[:-1]]
    return [word.replace("'", "")]


def _clean(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = _ISO_DATE.sub(lambda m: f"{m.group(1)}\u2010{m.group(2)}\u2010{m.group(3)}", text)
    text = _DIGIT_GROUPS.sub("", text)
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "").replace(" ", "") + " ", text)
    text = _ATTACHED_UNIT.sub(
        lambda m: m.group(0) if m.group(2) in _ORDINAL_SUFFIX else f"{m.group(1)} {m.group(2)}", text)
    text = text.replace("-", " ").replace("\u2010", "-")
    text = re.sub(r"[^a-z0-9'\s\-]", " ", text)
    words = []
    for raw in text.split():
        word = raw.strip("'")
        if word:
            words.append(word)
    return words


@lru_cache(maxsize=4096)
def tokenise(text: str) -> Tokens:
    """Normalise ``text`` (see the module docstring)."""
    words = _clean(text)
    tokens, sources = [], []
    for index, word in enumerate(words):
        for token in _expand(word):
            if token:
                tokens.append(token)
                sources.append(index)
    return Tokens(tuple(tokens), tuple(sources), tuple(words))


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(value: int) -> list[str]:
    """A whole number as English words ("105" -> one hundred and five)."""
    if value < 20:
        return [_ONES[value]]
    if value < 100:
        tens, ones = divmod(value, 10)
        return [_TENS[tens - 2]] + ([_ONES[ones]] if ones else [])
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return [_ONES[hundreds], "hundred"] + (["and"] + number_words(rest) if rest else [])
    if value < 1000000:
        thousands, rest = divmod(value, 1000)
        tail = []
        if rest:
            tail = (["and"] if rest < 100 else []) + number_words(rest)
        return number_words(thousands) + ["thousand"] + tail
    return [str(value)]


def spoken_variants(tokens: Tokens) -> list[Tokens]:
    """``tokens`` as typed, plus readings of any digits as words (when there are digits)."""
    if not any(token.isdigit() for token in tokens.tokens):
        return [tokens]
    variants = [tokens]
    for digit_by_digit in (False, True):
        new_tokens, new_sources = [], []
        for token, source in zip(tokens.tokens, tokens.sources, strict=True):
            if token.isdigit() and (not digit_by_digit or len(token) >= 3):
                words = ([_ONES[int(d)] for d in token] if digit_by_digit
                         else number_words(int(token)))
            else:
                words = [token]
            new_tokens.extend(words)
            new_sources.extend([source] * len(words))
        variant = Tokens(tuple(new_tokens), tuple(new_sources), tokens.words)
        if variant not in variants:
            variants.append(variant)
    return variants


def sub_tokens(tokens: Tokens, start: int, end: int) -> Tokens:
    """Tokens ``start:end`` of ``tokens``, still pointing at the same typed words."""
    return Tokens(tokens.tokens[start:end], tokens.sources[start:end], tokens.words)


def plain(words: Sequence[str]) -> str:
    return " ".join(words)
