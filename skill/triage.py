"""Reading a described symptom the way a clinician would: which signs, and are they there.

An assertion reader in the ConText family (NegEx, Chapman 2001; ConText, Harkema 2009),
written for speech. The words are read with two tables a clinician can review:
``skill/content/triage.py`` (which words name which sign, and where in the body) and
``skill/content/triggers.py`` (the words that make a sign denied, old, asked about,
uncertain or someone else's, each with its direction and its reason).

1. The words are normalised: lower case, contractions expanded ("can't" -> "can not"),
   "but" and "butt" told apart by their neighbours, punctuation and slot edges kept as
   clause breaks ("|").
2. Places are found ("the bottom of my back" is the back; "behind my knee" the leg).
3. Sign phrases are found, longest first: everyday senses that hold a sign's word but name
   no sign ("a limp", "sick of this"), pseudo-negations ("never ... before": the sign is new),
   lost functions (an inability or an absence joined to a body function: "not able to lift
   my arm", "no feeling in my foot", "haven't been able to pee": each a *report*), sign words,
   and abilities ("I can feel my legs").
4. Triggers are found in the words left, and each sign gets what is in scope: a denial only
   when it is explicit and local (a few words, no terminator, the very sign; for bladder or
   bowel signs and inabilities shorter still, and never "it's fine" for a pronoun); old;
   asked about; uncertain (still a report); someone else's.
5. Each sign present gives a tier (an old sign one tier lower, never below "doctor now" for
   bladder, bowel or an inability, and not at all when it is said to be new or worse); a fall
   with a sign of a serious injury is 911 at once. **The most urgent reading wins.**

``read(text)`` gives the ``Reading``; ``explain(text)`` also says what was found, for the
corpus script and for anyone asking why.
"""

import functools
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .content import triage as lexicon
from .content import triggers as table
from .content.safety import (
    CALL_911,
    CALL_DOCTOR_NOW,
    CONTACT_DOCTOR,
    POISON,
    UNRECOGNISED,
)
from .content.safety import STUCK_TIER as STUCK

# Tiers beside the guide's (most urgent first in URGENCY).
#: The back spasm itself ("my back is killing me"), or every sign named was denied.
EVERYDAY = "everyday"
#: No words at all: "I need an ambulance", "this is an emergency".
GENERIC = "generic"
#: A fall or an accident, and no sign of a serious injury: 911 if it may be an emergency first.
INJURED = "injured"

URGENCY = (CALL_911, POISON, CALL_DOCTOR_NOW, STUCK, INJURED, CONTACT_DOCTOR, EVERYDAY,
           UNRECOGNISED)

# Signs (what the answer names), as the sign table names them.
LIMB = lexicon.LIMB
EMERGENCY = lexicon.EMERGENCY
BLADDER_OR_BOWEL = lexicon.BLADDER_OR_BOWEL
NUMBNESS = lexicon.NUMBNESS
WEAKNESS = lexicon.WEAKNESS
#: Numbness, tingling or weakness said of an arm, not the legs.
ARM_NUMBNESS_OR_WEAKNESS = "arm_numbness_or_weakness"
LOWER_BODY_PAIN = lexicon.LOWER_BODY_PAIN
FEVER = lexicon.FEVER
WEIGHT_LOSS = lexicon.WEIGHT_LOSS
FEELING_UNWELL = lexicon.FEELING_UNWELL
NOT_IMPROVING = lexicon.NOT_IMPROVING
CANNOT_GET_UP = lexicon.CANNOT_GET_UP
BACK_PAIN = lexicon.BACK_PAIN
INJURY = lexicon.INJURY
SERIOUS_INJURY = lexicon.SERIOUS_INJURY
POISONING = lexicon.POISONING
#: An arm or a leg that stopped moving before, not now: call the doctor now.
LIMB_BEFORE = "limb_before"
#: A doctor-now sign the person has had for a long time: contact the doctor, and what is urgent.
KNOWN_SIGN = "known_sign"

TIER_OF_SIGN = {
    LIMB: CALL_911, EMERGENCY: CALL_911, SERIOUS_INJURY: CALL_911, POISONING: POISON,
    BLADDER_OR_BOWEL: CALL_DOCTOR_NOW, NUMBNESS: CALL_DOCTOR_NOW, WEAKNESS: CALL_DOCTOR_NOW,
    LOWER_BODY_PAIN: CALL_DOCTOR_NOW, LIMB_BEFORE: CALL_DOCTOR_NOW,
    CANNOT_GET_UP: STUCK, INJURY: INJURED,
    FEVER: CONTACT_DOCTOR, WEIGHT_LOSS: CONTACT_DOCTOR, FEELING_UNWELL: CONTACT_DOCTOR,
    NOT_IMPROVING: CONTACT_DOCTOR, KNOWN_SIGN: CONTACT_DOCTOR,
    BACK_PAIN: EVERYDAY,
}
#: An old sign (a historical trigger, and nothing said to be new or worse): what it becomes.
#: Bladder or bowel signs and inabilities never fall below "doctor now".
HISTORICAL_SIGN = {
    LIMB: LIMB_BEFORE, BLADDER_OR_BOWEL: BLADDER_OR_BOWEL,
    NUMBNESS: KNOWN_SIGN, WEAKNESS: KNOWN_SIGN, LOWER_BODY_PAIN: KNOWN_SIGN,
    EMERGENCY: KNOWN_SIGN, SERIOUS_INJURY: KNOWN_SIGN,
    CANNOT_GET_UP: BACK_PAIN, INJURY: BACK_PAIN, POISONING: BACK_PAIN,
    FEVER: BACK_PAIN, WEIGHT_LOSS: BACK_PAIN, FEELING_UNWELL: BACK_PAIN, NOT_IMPROVING: NOT_IMPROVING,
}
#: Signs a denial must be unmistakable to lower: bladder or bowel, and an arm or a leg.
FLOOR_SIGNS = frozenset({LIMB, BLADDER_OR_BOWEL})

BREAK = "|"


class Reading(NamedTuple):
    tier: str
    sign: str | None = None
    #: The sign is someone else's ("my son can't lift his arm"): the answer speaks of them.
    other_person: bool = False
    #: Asked about rather than reported ("what if my leg goes numb").
    hypothetical: bool = False


class Finding(NamedTuple):
    """One sign phrase found in the words, and what its context made of it."""

    sign: str
    words: str
    status: str  # "present", "denied", "ability", "everyday" (understood, names no sign)
    historical: bool = False
    uncertain: bool = False
    hypothetical: bool = False
    other_person: bool = False
    new: bool = False
    region: str | None = None


# ---------------------------------------------------------------- normalising the words

_S_IS = {"it", "that", "there", "here", "what", "who", "where", "he", "she", "this", "everything",
         "something", "nothing", "someone", "somebody", "how", "when"}
_NOT_FORMS = {"dont": "do not", "doesnt": "does not", "didnt": "did not", "isnt": "is not",
              "arent": "are not", "wasnt": "was not", "werent": "were not", "hasnt": "has not",
              "havent": "have not", "hadnt": "had not", "couldnt": "could not",
              "wouldnt": "would not", "shouldnt": "should not", "cant": "can not",
              "cannot": "can not", "wont": "will not", "aint": "is not", "im": "i am",
              "ive": "i have", "youre": "you are", "theyre": "they are", "thats": "that is",
              "whats": "what is", "theres": "there is", "ok": "okay", "alright": "all right",
              "gonna": "going to", "wanna": "want to", "cuz": "because", "coz": "because"}
_PRONOUNS_D = {"i", "you", "he", "she", "we", "they", "it", "that", "who", "there"}


def _expand(word: str) -> list[str]:
    if word in _NOT_FORMS:
        return _NOT_FORMS[word].split()
    if "'" not in word:
        return [word]
    if word in ("can't", "cannot"):
        return ["can", "not"]
    if word == "won't":
        return ["will", "not"]
    if word == "ain't":
        return ["is", "not"]
    if word.endswith("n't"):
        return [word[:-3], "not"]
    for suffix, replacement in (("'m", "am"), ("'re", "are"), ("'ve", "have"), ("'ll", "will")):
        if word.endswith(suffix):
            return [word[:-len(suffix)], replacement]
    if word.endswith("'d"):
        stem = word[:-2]
        return [stem, "would"] if stem in _PRONOUNS_D else [stem + "d"]
    if word.endswith("'s"):
        stem = word[:-2]
        return [stem, "is"] if stem in _S_IS else [stem]
    return [word.replace("'", "")]


#: After "but": words that start a clause, so "butt" before them was the conjunction.
_CLAUSE_STARTS = frozenset(("i", "it", "my", "the", "now", "not", "no", "then", "he", "she",
                            "they", "that", "this", "there", "when", "only", "just", "still",
                            "nothing", "we", "you", "his", "her", "its", "also", "also", "can",
                            "is", "am", "its", "at", "today", "this", "since", "after"))
_BEFORE_BODY_PART = frozenset(lexicon.POSSESSIVES) | {"sore", "numb", "tingly", "painful", "aching",
                                                     "achy", "in", "on", "into", "to", "down",
                                                     "around", "of", "through", "across"}


#: Words that start what is said of a noun, not a noun it owns ("back's | broken", "leg's | not").
_PREDICATE_STARTS = frozenset((
    "not", "been", "getting", "gotten", "got", "gone", "going", "still", "so", "really", "very",
    "too", "quite", "totally", "completely", "all", "a", "an", "the", "just", "kind", "sort",
    "pretty", "broken", "numb", "dead", "weak", "fine", "okay", "ok", "alright", "better", "worse",
    "bad", "sore", "stiff", "tingly", "swollen", "asleep", "stuck", "out", "up", "off", "no", "never", "always", "now", "also", "like", "fallen", "cracked", "snapped"))


def _starts_a_predicate(word: str) -> bool:
    return word in _PREDICATE_STARTS or (len(word) > 4 and word.endswith(("ing", "ed")))


@functools.lru_cache(maxsize=4096)
def words_of(text: str) -> tuple[str, ...]:
    """The words said, normalised, with clause breaks ("|") where punctuation or a slot ended."""
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(?<=\d)\.(?=\d)", " point ", text)
    text = re.sub(r"[,.;:!?()\[\]]+", f" {BREAK} ", text)
    text = text.replace("-", " ").replace("/", " ")
    text = re.sub(r"[^a-z0-9'| ]", " ", text)
    words: list[str] = []
    raws = [raw.strip("'") for raw in text.split()]
    for index, raw in enumerate(raws):
        if not raw:
            continue
        following = raws[index + 1] if index + 1 < len(raws) else ""
        if raw.endswith("'s") and raw[:-2] not in _S_IS and _starts_a_predicate(following):
            words.extend((raw[:-2], "is"))  # "my back's broken": a possessive is followed by a noun
            continue
        words.extend(w for w in _expand(raw) if w)
    for index, word in enumerate(words):
        before = words[index - 1] if index else None
        after = words[index + 1] if index + 1 < len(words) else None
        if word == "butt" and before not in _BEFORE_BODY_PART and after in _CLAUSE_STARTS:
            words[index] = "but"  # "my back hurts butt I can walk": speech recognition's "but"
        elif word == "but" and before in _BEFORE_BODY_PART and before not in ("numb", "sore") and (
                after is None or after not in _CLAUSE_STARTS or after in ("is", "am")):
            words[index] = "butt"  # "a pain in my but", "my but is numb"
    while words and words[0] == BREAK:
        words.pop(0)
    return tuple(words)


# ---------------------------------------------------------------- phrase patterns

class _Pattern(NamedTuple):
    items: tuple  # each: ("lit", frozenset) | ("pre", tuple) | ("opt", item) | ("gap", n) | ("any",)
    text: str


@functools.cache
def _item(word: str):
    if word == "...":
        return ("gap", 10)
    if word == "*":
        return ("any",)
    if word.startswith("[") and word.endswith("]"):
        return ("opt", _item(word[1:-1]))
    alternatives = word.split("/")
    prefixes = tuple(a[:-1] for a in alternatives if a.endswith("*"))
    literals = frozenset(a for a in alternatives if not a.endswith("*"))
    if prefixes and literals:
        return ("mix", literals, prefixes)
    if prefixes:
        return ("pre", prefixes)
    return ("lit", literals)


@functools.cache
def _compile(phrase: str, general: bool = False) -> _Pattern:
    """``general``: the phrase is said of anyone, in any tense ("hold my wee" is also "holding
    his wee"): the first word takes its inflections, "my" any possessive, "myself" any
    reflexive, "i" any subject."""
    words = _words(phrase)
    if general:
        words = [_general(word, first=index == 0) for index, word in enumerate(words)]
    return _Pattern(tuple(_item(w) for w in words), phrase)


def _words(phrase: str) -> list[str]:
    words = []
    for raw in phrase.split():
        words.extend(_expand(raw) if "'" in raw else [raw])
    return words


def _first_word(phrase: str) -> str:
    """The first word of ``_words(phrase)``, without reading the rest."""
    raw = phrase.split(None, 1)[0]
    return _expand(raw)[0] if "'" in raw else raw


_GENERAL = {"my": "my/his/her/their/your/our", "myself": "myself/himself/herself/themselves/yourself",
            "i": "i/he/she/they/we/you", "need": "need/needs/needed", "have": "have/has/had"}
_IRREGULAR = {"hold": "held", "feel": "felt", "stand": "stood", "get": "got/gotten", "make": "made",
              "go": "went/gone", "take": "took/taken", "sit": "sat", "lie": "lying/lay/lain",
              "tell": "told", "know": "knew/known", "put": "put", "bear": "bore/borne",
              "grip": "gripping/gripped", "lift": "lifted", "step": "stepping/stepped",
              "wee": "weeing/weed/wees", "pee": "peeing/peed/pees", "poo": "pooing/pooed/poos"}


def _inflects(word: str) -> bool:
    """Whether ``word``, first in a general phrase, takes inflections: a plain word, not a
    choice ("a/b"), a stem ("numb*") or a number."""
    return "/" not in word and not word.endswith("*") and word.isalpha()


@functools.cache
def _inflections(word: str) -> str:
    """``word`` and its inflections as a choice ("lift/lifted/lifting/lifts"). Every regular
    form starts with the word less its last letter; the rest are in ``_IRREGULAR``."""
    if not _inflects(word):
        return word
    forms = {word, word + "s"}
    if word.endswith("e") and not word.endswith("ee"):
        forms |= {word[:-1] + "ing", word + "d"}
    elif word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "ing", word + "ed"}
        if len(word) >= 3 and word[-1] in "bdgmnprt" and word[-2] in "aeiou" and word[-3] not in "aeiou":
            forms |= {word + word[-1] + "ing", word + word[-1] + "ed"}
    if word.endswith(("s", "sh", "ch", "x")):
        forms.add(word + "es")
    if word in _IRREGULAR:
        forms |= set(_IRREGULAR[word].split("/"))
    return "/".join(sorted(forms))


def _general(word: str, first: bool) -> str:
    if word.startswith("[") and word.endswith("]") and word[1:-1] in _GENERAL:
        return "[" + _GENERAL[word[1:-1]] + "]"  # "get [myself] out": any reflexive, or none
    if word in _GENERAL:
        return _GENERAL[word]
    return _inflections(word) if first else word


def _word_matches(item, word: str) -> bool:
    kind = item[0]
    if word == BREAK:
        return False
    if kind == "lit":
        return word in item[1]
    if kind == "pre":
        return word.startswith(item[1])
    if kind == "mix":
        return word in item[1] or word.startswith(item[2])
    if kind == "any":
        return True
    return False


def _match_ends(items: tuple, words: Sequence[str], start: int) -> list[tuple[int, tuple[int, ...]]]:
    """Every way ``items`` match from ``start``: (end, indexes of the words the items used)."""
    # Items that take one word each match one way only: walk them, until a word that does not
    # match (most phrases a reading tries stop there) or an optional word or a gap.
    position, count = start, len(words)
    for index, item in enumerate(items):
        if item[0] in ("opt", "gap"):
            return _ways(items, index, words, position, tuple(range(start, position)))
        if position == count or not _word_matches(item, words[position]):
            return []
        position += 1
    return [(position, tuple(range(start, position)))]


def _ways(items: tuple, index: int, words: Sequence[str], position: int,
          used: tuple[int, ...]) -> list[tuple[int, tuple[int, ...]]]:
    """``_match_ends`` from ``items[index]`` on, with an optional word or a gap to explore."""
    results = []

    def step(position: int, index: int, used: tuple[int, ...]):
        if index == len(items):
            results.append((position, used))
            return
        item = items[index]
        kind = item[0]
        if kind == "opt":
            if position < len(words) and _word_matches(item[1], words[position]):
                step(position + 1, index + 1, used + (position,))
            step(position, index + 1, used)
        elif kind == "gap":
            for skip in range(0, item[1] + 1):
                if position + skip > len(words) or BREAK in words[position:position + skip]:
                    break
                step(position + skip, index + 1, used)
        elif position < len(words) and _word_matches(item, words[position]):
            step(position + 1, index + 1, used + (position,))

    step(position, index, used)
    return results


class _Index:
    """Patterns grouped by the words they can start with, for a quick scan.

    Only each phrase's first word is read when the index is built; a phrase is compiled the
    first time a reading reaches it (most never are in one request, so the first emergency
    answer of a cold start does not pay for compiling them all).

    In a general index a first word that takes inflections ("lift": "lifts", "lifted",
    "lifting", "lifted") is filed once, under the word less its last letter (which starts
    every regular form) and under its irregular and general forms ("lift": "lifted"; "my":
    "his"); a word said is checked against the first words filed under its beginnings and
    its irregular forms when a reading reaches it. Working out every form of every first
    word up front was half the cost of a cold start's first reading."""

    def __init__(self, entries: Iterable[tuple[str, object]], general: bool = False):
        self.general = general
        # Each entry is (position, phrase, payload): a word's phrases are tried in table order.
        self.by_word: dict[str, list] = {}
        #: Phrases whose first word is a stem ("numb*"), by that stem.
        self.by_prefix: dict[str, list] = {}
        self.other: list = []
        #: General indexes: phrases by their first word when it takes inflections; those first
        #: words by the word less its last letter, and by their irregular and general forms.
        self.by_first: dict[str, list] = {}
        self.firsts_by_stem: dict[str, list[str]] = {}
        self.firsts_by_form: dict[str, list[str]] = {}
        for position, (phrase, payload) in enumerate(entries):
            entry = (position, phrase, payload)
            word = _first_word(phrase)
            if general and (word in _GENERAL or _inflects(word)):
                if word not in self.by_first:
                    self.by_first[word] = []
                    if word in _GENERAL:
                        for form in _GENERAL[word].split("/"):
                            self.firsts_by_form.setdefault(form, []).append(word)
                    else:
                        self.firsts_by_stem.setdefault(word[:-1], []).append(word)
                        for form in _IRREGULAR.get(word, "").split("/"):
                            if form:
                                self.firsts_by_form.setdefault(form, []).append(word)
                self.by_first[word].append(entry)
                continue
            if word.isalnum():  # a plain word ("leg", "911"): its own and only match
                self.by_word.setdefault(word, []).append(entry)
                continue
            first = _item(word)  # a choice, a stem, an optional word or a gap
            if first[0] in ("lit", "mix"):
                for literal in first[1]:
                    self.by_word.setdefault(literal, []).append(entry)
            if first[0] in ("pre", "mix"):
                for prefix in first[-1]:
                    self.by_prefix.setdefault(prefix, []).append(entry)
            if first[0] not in ("lit", "pre", "mix"):
                self.other.append(entry)

    def _inflected(self, word: str) -> list:
        """The entries whose first word, inflected, is ``word``."""
        firsts = set(self.firsts_by_form.get(word, ()))
        for length in range(len(word) + 1):
            firsts.update(self.firsts_by_stem.get(word[:length], ()))
        return [entry for first in firsts if _word_matches(_item(_general(first, first=True)), word)
                for entry in self.by_first[first]]

    def _starting_with(self, word: str) -> list:
        found = list(self.by_word.get(word, ()))
        if self.by_first:
            inflected = self._inflected(word)
            if inflected:
                found = sorted(found + inflected, key=lambda entry: entry[0])
        if self.by_prefix:
            for length in range(1, len(word) + 1):
                found.extend(self.by_prefix.get(word[:length], ()))
        return found + self.other

    def at(self, words: Sequence[str], start: int):
        """(pattern, payload, end, used) for every pattern matching from ``start``."""
        found = []
        seen = set()
        for _position, phrase, payload in self._starting_with(words[start]):
            key = (phrase, id(payload))
            if key in seen:
                continue  # a "mix" first word is filed under its word and its stem
            seen.add(key)
            pattern = _compile(phrase, self.general)
            for end, used in _match_ends(pattern.items, words, start):
                if end > start:
                    found.append((pattern, payload, end, used))
        return found


@functools.lru_cache(maxsize=1)
def _indexes():
    regions = _Index((phrase, region) for region, phrases in lexicon.REGIONS.items()
                     for phrase in phrases)
    everyday = _Index((phrase, None) for phrase in lexicon.EVERYDAY_SENSES.phrases)
    signs = _Index(((phrase, entry) for entry in lexicon.SIGNS for phrase in entry.phrases), general=True)
    by_category: dict[str, list] = {}
    for trigger in table.TRIGGERS:
        by_category.setdefault(trigger.category, []).append((trigger.phrase, trigger))
    after = _Index((t.phrase, t) for t in table.TRIGGERS
                   if t.category == table.INABILITY and t.direction == table.BACKWARD)
    triggers = {category: _Index(entries) for category, entries in by_category.items()}
    functions = _Index(((phrase, function) for function in lexicon.FUNCTIONS
                        for phrase in function.phrases), general=True)
    nouns = _Index((phrase, sign) for sign, phrases in lexicon.FUNCTION_NOUNS.items()
                   for phrase in phrases)
    abilities = _Index((phrase, None) for phrase in lexicon.ABILITY_LEADS)
    ability_nouns = _Index((phrase, None) for phrase in lexicon.ABILITY_NOUNS)
    older = _Index((phrase, None) for phrase in lexicon.OLDER)
    medicines = _Index((phrase, None) for phrase in lexicon.MEDICINE_WORDS)
    took = _Index((phrase, None) for phrase in lexicon.TOOK)
    return {"regions": regions, "everyday": everyday, "signs": signs, "triggers": triggers, "after": after,
            "functions": functions, "nouns": nouns, "abilities": abilities,
            "ability_nouns": ability_nouns, "older": older, "medicines": medicines, "took": took}


# ---------------------------------------------------------------- numbers said aloud

_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven "
                                     "twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                                     "nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty "
                                               "ninety".split())}
#: Counts said without a number ("a couple of", "a handful of"); "some" is no count.
_QUANTITIES = {"couple", "few", "several", "dozen", "bunch", "lot", "lots", "handful", "load",
               "loads", "many"}


def _number_at(words: Sequence[str], start: int) -> tuple[float, int] | None:
    """(value, end) of a number said from ``start``: "a hundred and three", "thirty nine and a
    half", "thirty eight point five", "one oh three", "101", "38 point 5"."""
    i, total, current, seen = start, 0.0, 0.0, False
    n = len(words)
    if i < n and words[i] == "a" and i + 1 < n and words[i + 1] == "hundred":
        current, i, seen = 1.0, i + 1, True
    while i < n:
        word = words[i]
        if word.isdigit():
            if seen and current and current < 10 and len(word) <= 2 and not total:
                current = current * 100 + float(word) if current < 2 else current + float(word)
            else:
                current += float(word)
            seen, i = True, i + 1
        elif word in _UNITS:
            value = _UNITS[word]
            if seen and current in (1.0,) and word in ("oh", "zero"):
                current *= 10
            elif seen and current >= 100 and current % 100 == 0 and word == "oh":
                pass
            elif seen and 0 < current < 10 and total == 0 and i > start and words[i - 1] in ("oh",):
                current = current * 10 + value
            else:
                current += value
            seen, i = True, i + 1
        elif word == "oh" and seen:
            current *= 10
            i += 1
        elif word in _TENS:
            current += _TENS[word]
            seen, i = True, i + 1
        elif word == "hundred" and seen:
            current = (current or 1) * 100
            i += 1
        elif word == "and" and seen and i + 1 < n and (words[i + 1] in _UNITS or words[i + 1] in _TENS
                                                       or words[i + 1] == "a" or words[i + 1].isdigit()):
            if words[i + 1] == "a" and i + 2 < n and words[i + 2] == "half":
                current += 0.5
                i += 3
                break
            i += 1
        elif word == "point" and seen and i + 1 < n and (words[i + 1] in _UNITS or words[i + 1].isdigit()):
            digit = words[i + 1]
            value = float(digit) if digit.isdigit() else _UNITS[digit]
            current += value / (10 ** len(str(int(value))))
            i += 2
            break
        else:
            break
    if not seen:
        return None
    return total + current, i


def _is_quantity(words: Sequence[str], start: int) -> int | None:
    """End of a count said from ``start`` ("ten", "a couple of", "several", "12"), or None."""
    number = _number_at(words, start)
    if number is not None:
        return number[1]
    i = start
    if i < len(words) and words[i] in ("a", "an"):
        i += 1
    if i < len(words) and words[i] in _QUANTITIES:
        i += 1
        if i < len(words) and words[i] == "of":
            i += 1
        return i
    return None


# ---------------------------------------------------------------- the reading

class _Mention(NamedTuple):
    sign: str | None  # None: an everyday sense; ABILITY: an ability
    used: frozenset  # indexes of the words it took
    start: int
    end: int
    kind: str  # "everyday", "pseudo", "function", "absence", "sign", "ability"
    where: str | None = None
    effect: str = ""
    function: object = None


class _Said:
    """The words, their clauses and places, and what has been found in them."""

    def __init__(self, words: tuple[str, ...]):
        self.words = words
        self.clause = []
        clause = 0
        for word in words:
            if word == BREAK:
                clause += 1
            self.clause.append(clause)
        self.places = self._find_places()
        self.place_words = frozenset(i for start, end, _ in self.places for i in range(start, end))

    def _find_places(self) -> list[tuple[int, int, str]]:
        words, found, index = self.words, [], 0
        regions = _indexes()["regions"]
        while index < len(words):
            if words[index] == BREAK:
                index += 1
                continue
            matches = regions.at(words, index)
            if not matches:
                index += 1
                continue
            _pattern, region, end, _used = max(matches, key=lambda m: m[2])
            word = words[index]
            before = words[index - 1] if index else None
            after = words[end] if end < len(words) else None
            if word in lexicon.PLACE_ON and end - index == 1 and after == "of":
                index += 1
                continue  # "the bottom of my back": the place is the back
            if word == "behind" and (before not in lexicon.POSSESSIVES or after in lexicon.POSSESSIVES):
                index += 1
                continue  # "behind my knee": the knee; "my behind": the buttocks
            if word == "bottom" and before not in lexicon.POSSESSIVES:
                index += 1
                continue
            if word in ("stomach", "tummy") and words[max(0, index - 3):index] in (
                    ("sick", "to", "my"), ("sick", "to", "his"), ("sick", "to", "her")):
                index += 1
                continue  # "sick to my stomach": feeling sick, not a place that hurts
            if word in ("back", "side", "sides") and before not in lexicon.POSSESSIVES and \
                    before not in ("lower", "upper", "low", "mid", "middle") and end - index == 1:
                index += 1
                continue  # "lie back", "go back to bed": not the back
            found.append((index, end, region))
            index = end
        return found

    def place_of(self, index: int) -> str | None:
        for start, end, region in self.places:
            if start <= index < end:
                return region
        return None


def _candidates(said: _Said) -> list[_Mention]:
    """Every phrase that may name a sign (or an everyday sense, a pseudo-negation, an ability)."""
    words = said.words
    idx = _indexes()
    found: list[_Mention] = []
    pseudo = idx["triggers"].get(table.PSEUDO)
    for start in range(len(words)):
        if words[start] == BREAK:
            continue
        for _pattern, _payload, end, used in idx["everyday"].at(words, start):
            found.append(_Mention(None, frozenset(used), start, end, "everyday"))
        if pseudo is not None:
            for _pattern, trigger, end, used in pseudo.at(words, start):
                found.append(_Mention(None, frozenset(used), start, end, "pseudo", effect=trigger.effect))
        for _pattern, entry, end, used in idx["signs"].at(words, start):
            if entry.sign == lexicon.FEVER and _normal_temperature(said, used, end):
                continue  # "my temperature is ninety eight point six": a number that is no fever
            found.append(_Mention(entry.sign, frozenset(used), start, end, "sign", where=entry.where))
        found.extend(_lost_functions(said, start))
        found.extend(_abilities(said, start))
        found.extend(_numbers(said, start))
    return found


def _is_fever(value: float) -> bool:
    """Whether a temperature said as a number is a fever, in Celsius or Fahrenheit."""
    return (lexicon.FEVER_CELSIUS[0] <= value <= lexicon.FEVER_CELSIUS[1]
            or lexicon.FEVER_FAHRENHEIT[0] <= value <= lexicon.FEVER_FAHRENHEIT[1])


def _normal_temperature(said: _Said, used: Iterable[int], end: int) -> bool:
    """Whether "temperature" (not "fever") is followed by a temperature that is no fever."""
    words = said.words
    if any(words[i].startswith("fever") for i in used):
        return False
    for position in _skip(words, end, ("of", "is", "was", "s", "at", "about", "around", "reads",
                                       "reading", "like", "only", "just"), limit=2):
        number = _number_at(words, position)
        if number is not None:
            value = number[0]
            plausible = 30 <= value <= 45 or 90 <= value <= 115
            return plausible and not _is_fever(value)
    return False


def _skip(words: Sequence[str], index: int, allowed: Iterable[str], limit: int = 5,
          places: frozenset = frozenset()) -> list[int]:
    """Positions reachable from ``index`` by skipping up to ``limit`` of the ``allowed`` words
    (and the words of a place, when ``places`` holds their indexes: "can't get my arm to move")."""
    allowed = set(allowed)
    positions = [index]
    while index < len(words) and (words[index] in allowed or index in places) and len(positions) <= limit + 2:
        index += 1
        positions.append(index)
    return positions


def _lost_functions(said: _Said, start: int) -> list[_Mention]:
    """An inability or an absence joined to a body function: a report of its sign."""
    words = said.words
    idx = _indexes()
    found = []
    # After the function: "I tried to lift my leg and nothing happened".
    if not (start and words[start - 1] in ("can", "could", "able")):
        for _p, function, function_end, function_used in idx["functions"].at(words, start):
            position = function_end
            while position < len(words) and position - function_end <= 8:
                if words[position] in _AFTER_STOPS or (words[position] == "and" and position + 1 < len(words)
                                                       and words[position + 1] in ("then", "now")):
                    break  # a new turn of the story: its failure is its own
                for _pattern, _trigger, end, used in idx["after"].at(words, position):
                    found.append(_Mention(function.with_limb, frozenset(function_used) | frozenset(used),
                                          start, end, "function", function=function))
                position += 1
    for category in (table.INABILITY, table.PARTIAL):
        for _pattern, trigger, end, used in idx["triggers"][category].at(words, start):
            if trigger.direction == table.BACKWARD:
                continue
            if category == table.INABILITY:
                found.extend(_verb_lost(said, start, end, used))
            for position in _skip(words, end, table.INABILITY_FILLERS, places=said.place_words):
                if position >= len(words) or words[position] == BREAK:
                    break
                for function, function_end, function_used, joined in _coordinated(said, position):
                    # A function joined by "or" holds only its own words, so both are read.
                    found.append(_Mention(function.with_limb, frozenset(function_used) if joined
                                          else frozenset(used) | frozenset(function_used),
                                          start, function_end, "function",
                                          where="partial" if category == table.PARTIAL else None,
                                          function=function))
    for _pattern, _trigger, end, used in idx["triggers"][table.ABSENCE].at(words, start):
        # "Any feeling" is an absence only after a negation ("I don't have any feeling").
        if words[start] == "any" and not any(words[i] in ("no", "not", "never", "without", "nothing", "none")
                                              for i in range(max(0, start - 5), start)):
            continue
        for position in _skip(words, end, ("real", "proper", "normal", "of", "all", "the", "my", "its",
                                           "his", "her", "their", "your", "some", "most",
                                           "much", "any", "more", "feeling", "further", "full",
                                           "sense", "at"), limit=3):
            if position >= len(words) or words[position] == BREAK:
                break
            for _p, sign, noun_end, noun_used in idx["nouns"].at(words, position):
                if noun_end < len(words) and words[noun_end] in _NOUN_MODIFIED:
                    continue  # "no bladder control problems": the noun names a problem, not a function
                found.append(_Mention(sign, frozenset(used) | frozenset(noun_used), start, noun_end,
                                      "absence"))
                # "Lost all the strength and movement": one absence, every noun joined to it.
                if noun_end + 1 < len(words) and words[noun_end] in ("and", "or", "nor"):
                    for _q, other, other_end, other_used in idx["nouns"].at(words, noun_end + 1):
                        found.append(_Mention(other, frozenset(other_used), noun_end + 1, other_end,
                                              "absence"))
    return found


#: The bladder and bowels, named straight after an inability whose verb was lost.
_BLADDER_WORDS = frozenset(("bladder", "bowel", "bowels"))

#: Words that may end a place whose inability lost its verb ("unable to | my backside when ...").
_AFTER_LOST_VERB = frozenset(("when", "whenever", "since", "at", "anymore", "any", "now", "today"))


def _verb_lost(said: _Said, start: int, end: int, used) -> list[_Mention]:
    """An inability said straight to a place ("I'm unable to my backside when I touch it"):
    no one says that, so a verb was lost between Alexa's slots. Of an arm or a leg it is read
    as the 911 sign, of the groin, belly or buttocks as numbness; safety wins where the words
    that would tell are gone."""
    words = said.words
    position = end
    while position < len(words) and words[position] in lexicon.POSSESSIVES:
        position += 1
    if position < len(words) and words[position] in _BLADDER_WORDS:
        # "I can't | bladder is full": what the person can't do with the bladder was lost.
        tail = 2 if tuple(words[position + 1:position + 3]) in (("is", "full"), ("was", "full")) else 0
        return [_Mention(BLADDER_OR_BOWEL, frozenset(used) | set(range(position, position + 1 + tail)), start,
                         position + 1 + tail, "absence")]
    if position == end or position >= len(words):
        return []
    for place_start, place_end, region in said.places:
        if place_start != position:
            continue
        if place_end < len(words) and words[place_end] != BREAK and words[place_end] not in _AFTER_LOST_VERB:
            return []  # "I can't, my leg hurts": the place starts a clause of its own
        if region in lexicon.LIMB_REGIONS:
            return [_Mention(LIMB, frozenset(used) | frozenset(range(position, place_end)), start,
                             place_end, "absence")]
        if region in lexicon.LOWER_REGIONS:
            return [_Mention(NUMBNESS, frozenset(used) | frozenset(range(position, place_end)), start,
                             place_end, "absence")]
    return []


#: Words after a function noun that make it name a problem ("no bladder control issues").
_NOUN_MODIFIED = frozenset(("problem", "problems", "issue", "issues", "trouble", "troubles", "loss",
                            "changes", "change", "difficulty", "difficulties"))

#: Words after which a failure said belongs to what follows, not to the function before.
_AFTER_STOPS = frozenset(("then", "now", "but", "because", "so", "although", "though"))


def _coordinated(said: _Said, position: int) -> list[tuple]:
    """The functions said from ``position``, with those joined to them by "or" or "and": one
    inability governs them all ("can't feel or move my legs", "can't stand or walk")."""
    words = said.words
    functions = _indexes()["functions"]
    found = [(f, end, used, False) for _p, f, end, used in functions.at(words, position)]
    for _function, end, _used, _joined in list(found):
        if end + 1 < len(words) and words[end] in ("or", "and", "nor"):
            found.extend((f, e, u, True) for _p, f, e, u in functions.at(words, end + 1))
    return found


def _abilities(said: _Said, start: int) -> list[_Mention]:
    """"I can feel my legs", "I can still pee": a function the person has (no sign)."""
    words = said.words
    idx = _indexes()
    found = []
    for _pattern, _payload, end, used in idx["abilities"].at(words, start):
        for position in _skip(words, end, table.INABILITY_FILLERS + ("easily", "definitely"),
                              places=said.place_words):
            if position >= len(words) or words[position] == BREAK:
                break
            if position < len(words) and words[position] == "not":
                break
            for _p, function, function_end, function_used in idx["functions"].at(words, position):
                found.append(_Mention(lexicon.ABILITY, frozenset(used) | frozenset(function_used),
                                      start, function_end, "ability", function=function))
    for _pattern, _payload, end, used in idx["ability_nouns"].at(words, start):
        found.append(_Mention(lexicon.ABILITY, frozenset(used), start, end, "ability"))
    return found


def _numbers(said: _Said, start: int) -> list[_Mention]:
    """A temperature said as a number, and "took ten pills"."""
    words = said.words
    idx = _indexes()
    found = []
    number = _number_at(words, start)
    if number is not None and (start == 0 or _number_at(words, start - 1) is None):
        value, end = number
        before = words[max(0, start - 2):start]
        after = words[end] if end < len(words) else None
        led = any(w in lexicon.TEMPERATURE_LEADS for w in before) or (start > 0 and words[start - 1] == "a")
        hot = _is_fever(value)
        degrees = after in ("degrees", "degree", "celsius", "centigrade", "fahrenheit", "c", "f")
        if hot and (degrees or (led and after not in lexicon.NOT_TEMPERATURE_UNITS)):
            if any(w in ("fever", "temperature", "temp", "running", "degrees") for w in before) or degrees \
                    or any(w in ("fever", "temperature", "temp") for w in words):
                found.append(_Mention(lexicon.FEVER, frozenset(range(start, end)), start, end, "sign"))
    # "Took ten pills", "she swallowed a couple of tablets", "I took twelve": a count after a
    # verb of having taken medicine, then a medicine word (or nothing more: "I took ten").
    for _pattern, _payload, end, _used in idx["took"].at(words, start):
        for position in _skip(words, end, ("like", "about", "maybe", "around", "almost", "over",
                                           "just", "already", "probably"), limit=2):
            quantity_end = _is_quantity(words, position)
            if quantity_end is None:
                continue
            after = words[quantity_end] if quantity_end < len(words) else BREAK
            if after in lexicon.NOT_TEMPERATURE_UNITS:
                break  # "took two days off", "took ten minutes"
            medicine = any(idx["medicines"].at(words, p) for p in range(quantity_end, min(len(words), quantity_end + 3))
                           if words[p] != BREAK)
            ends = after == BREAK and words[start] in ("took", "taken", "swallowed")
            if medicine or ends:
                found.append(_Mention(lexicon.POISONING, frozenset(range(start, quantity_end)),
                                      start, quantity_end, "sign"))
                break
    return found


_KIND_PRIORITY = {"everyday": 0, "pseudo": 1, "absence": 2, "function": 2, "sign": 3, "ability": 4}


def _choose(mentions: list[_Mention]) -> list[_Mention]:
    """Longest first, and no word read twice (gapped pseudo-negations hold only their own words)."""
    taken: set[int] = set()
    chosen = []
    for mention in sorted(mentions, key=lambda m: (-len(m.used), _KIND_PRIORITY[m.kind], m.start)):
        if taken & mention.used:
            continue
        taken |= mention.used
        chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


class _Trigger(NamedTuple):
    category: str
    direction: str
    start: int
    end: int
    phrase: str


def _triggers(said: _Said, taken: set[int]) -> list[_Trigger]:
    words = said.words
    idx = _indexes()["triggers"]
    candidates = []
    for category in (table.NEGATED, table.HISTORICAL, table.HYPOTHETICAL, table.UNCERTAIN, table.DOUBT,
                     table.OTHER_PERSON, table.TERMINATOR, table.CHANGE):
        index = idx.get(category)
        if index is None:
            continue
        for start in range(len(words)):
            if words[start] == BREAK:
                continue
            for pattern, trigger, end, used in index.at(words, start):
                if category != table.CHANGE and taken & set(used):
                    continue
                candidates.append((frozenset(used), _Trigger(category, trigger.direction, start, end,
                                                             pattern.text)))
    chosen, held = [], {}
    order = {table.DOUBT: 0, table.UNCERTAIN: 1, table.HISTORICAL: 2, table.HYPOTHETICAL: 3,
             table.OTHER_PERSON: 4, table.NEGATED: 5, table.TERMINATOR: 6, table.CHANGE: 7}
    for used, trigger in sorted(candidates, key=lambda c: (-len(c[0]), order[c[1].category], c[1].start)):
        pool = held.setdefault(trigger.category == table.CHANGE, set())
        if pool & used:
            continue
        pool |= used
        chosen.append(trigger)
    return sorted(chosen, key=lambda t: t.start)


def _ends_scope(said: _Said, index: int, triggers_at: dict[int, _Trigger]) -> bool:
    """Whether the word at ``index`` ends a trigger's scope (a terminator, a break, another
    trigger, or an "and" that starts a new clause)."""
    words = said.words
    if words[index] == BREAK:
        return True
    trigger = triggers_at.get(index)
    if trigger is not None and trigger.category not in (table.CHANGE,):
        return True
    if words[index] == "and" and index + 1 < len(words) and words[index + 1] in table.NEW_CLAUSE_AFTER_AND:
        return True
    return False


class _Context(NamedTuple):
    said: _Said
    mentions: list[_Mention]
    triggers: list[_Trigger]
    triggers_at: dict[int, _Trigger]


#: Verbs that, after a place, start a clause about it ("my tummy is ...", "my leg won't ...").
_CLAUSE_VERBS = frozenset(("is", "are", "was", "were", "has", "have", "keeps", "keep", "feels", "feel",
                           "will", "would", "does", "did", "gets", "got", "went", "goes", "hurts",
                           "started", "starts", "seems"))

#: Words that make a phrase carry its own negation ("won't move", "no feeling"): a denial said
#: before such a phrase is speech, not a denial of it ("no, it won't move").
_OWN_NEGATION = frozenset(("not", "no", "never", "nothing", "none", "unable", "without", "zero",
                           "nor", "neither"))


def _negated(context: _Context, mention: _Mention) -> bool:
    said, words = context.said, context.said.words
    carries_own = any(words[i] in _OWN_NEGATION for i in mention.used) or (
        # "I don't have any feeling": "any feeling" is an absence only because of the negation
        # before it, which is its own, not a denial of it.
        mention.kind == "absence" and words[mention.start] == "any")
    floor = mention.sign in FLOOR_SIGNS or mention.kind in ("function", "absence")
    reach = table.FLOOR_DENIAL_REACH if floor else table.DENIAL_REACH
    # Forward: the nearest trigger before the sign, with nothing that ends its scope between.
    index = mention.start - 1
    while index >= 0 and mention.start - index - 1 <= reach + 4:
        trigger = context.triggers_at.get(index)
        if trigger is not None and trigger.category == table.NEGATED and trigger.direction == table.FORWARD:
            if carries_own:
                return False
            before = words[trigger.start - 1] if trigger.start else None
            after = words[trigger.end] if trigger.end < len(words) else None
            if before in ("can", "could") or after == "able":
                return False  # "not able to [stop] the leaking": an inability about it, no denial
            distance = mention.start - trigger.end
            if distance > reach:
                return False
            if words[trigger.start] == "no" and trigger.end < len(words) and \
                    words[trigger.end] in table.NEW_CLAUSE_AFTER_AND and trigger.end != mention.start:
                return False  # "no, my leg ..." answers a question; it denies nothing
            return True
        # Where a forward scope cannot reach, only a denial said after the sign may still hold
        # ("I'm peeing fine and my bowels are fine": the clause the "and" starts is its own).
        if _ends_scope(said, index, context.triggers_at) and not (
                trigger is not None and trigger.category == table.NEGATED):
            break
        if words[index] in table.NEW_SUBJECTS:
            break  # "I don't have numbness, I have weakness": a new clause, a new subject
        if index + 1 < mention.start and said.place_of(index) is not None and \
                words[index + 1] in _CLAUSE_VERBS and said.place_of(index + 1) is None:
            break  # "not just my back, my tummy is hurting": a new clause about another place
        index -= 1
    # Backward: "the numbness is gone", "my bladder is fine": the sign right before the trigger.
    index = mention.end
    while index < len(words) and index - mention.end <= 2:
        trigger = context.triggers_at.get(index)
        if trigger is not None and trigger.category == table.NEGATED and trigger.direction == table.BACKWARD:
            return True
        if words[index] == BREAK or (trigger is not None and trigger.category != table.NEGATED):
            return False
        if floor and words[index] in lexicon.POINTING_BACK:
            return False
        index += 1
    return False


def _in_scope(context: _Context, mention: _Mention, categories: set[str], both: bool = False) -> _Trigger | None:
    """The nearest trigger of ``categories`` whose scope covers the mention."""
    said = context.said
    index = mention.start - 1
    while index >= 0:
        trigger = context.triggers_at.get(index)
        if trigger is not None and trigger.category in categories:
            return trigger
        if _ends_scope(said, index, context.triggers_at) and not (
                trigger is not None and trigger.category in (table.UNCERTAIN, table.DOUBT, table.HYPOTHETICAL,
                                                             table.HISTORICAL, table.OTHER_PERSON)):
            break
        index -= 1
    if both:
        index = mention.end
        while index < len(said.words):
            trigger = context.triggers_at.get(index)
            if trigger is not None and trigger.category in categories:
                return trigger
            if _ends_scope(said, index, context.triggers_at) and trigger is None:
                break
            index += 1
    return None


def _limb_for(said: _Said, mention: _Mention) -> str | None:
    """The place a function or a limb word is said of: inside it, its object, its subject, or
    "it". An arm or a leg among them wins (the place that can make it the 911 sign)."""
    places = _places_for(said, mention)
    for region in places:
        if region in lexicon.LIMB_REGIONS:
            return region
    return places[0] if places else None


def _places_for(said: _Said, mention: _Mention) -> list[str]:
    words = said.words
    places = []
    # Inside: "can't get my arm to budge", "can't get it to move".
    for index in range(mention.start, mention.end):
        region = said.place_of(index)
        if region is not None:
            places.append(region)
    for index in range(mention.start + 1, mention.end):
        if words[index] in lexicon.POINTING_BACK and words[index - 1] in ("get", "make", "got", "made"):
            places.append(_last_place_before(said, mention.start))
    # Object: "move my leg", "lift either arm", "feel anything in my foot".
    position = mention.end
    for step in range(6):
        if position >= len(words):
            break
        if words[position] == BREAK:  # crossed: a place in the next slot can only raise the sign
            position += 1
            continue
        region = said.place_of(position)
        if region is not None:
            places.append(region)
            break
        if words[position] in lexicon.POINTING_BACK and step == 0 and \
                not (position + 1 < len(words) and (words[position + 1] == "of"
                                                    or said.place_of(position + 1) is not None)):
            places.append(_last_place_before(said, mention.start))  # "move it": not "either of his legs"
            break
        if words[position] not in lexicon.POSSESSIVES and words[position] not in (
                "of", "in", "at", "all", "anything", "a", "thing", "on", "from", "up", "below", "down",
                "to", "with", "out", "nothing", "there", "here", "loose", "uselessly", "its", "by",
                "side", "now", "front", "back", "top", "bottom", "part"):
            break
        position += 1
    places.append(_subject_place(said, mention, cross=True))
    places.append(_clause_end_place(said, mention.end))
    found = [p for p in places if p is not None]
    if not found and words[mention.end - 1] in _TAKES_AN_OBJECT and \
            (mention.end == len(words) or words[mention.end] == BREAK):
        # "my legs are frozen and I can't budge | ": a verb that needs an object ends what Alexa
        # heard, so the object ("it") fell out; it is the place named last before it.
        found = [p for p in (_last_place_before(said, mention.start),) if p is not None]
    return found


#: Body-function verbs that are not said without an object ("lift", not "move": "I can't move"
#: is said of the whole person).
_TAKES_AN_OBJECT = frozenset(("budge", "lift", "raise", "shift", "wiggle", "feel"))


def _clause_end_place(said: _Said, index: int) -> str | None:
    """A place that ends the clause ("... when I try to move it, in my thigh"): what the clause
    is about when nothing nearer names a place (Alexa may leave the body part to the end)."""
    words = said.words
    end = index
    while end < len(words) and words[end] != BREAK:
        end += 1
    for start, place_end, region in said.places:
        if place_end == end and start > index:
            before = start - 1
            while before > index and words[before] in lexicon.POSSESSIVES:
                before -= 1
            if before < start - 1 and words[before] == "in":
                return region
    return None


def _subject_place(said: _Said, mention: _Mention, cross: bool = False) -> str | None:
    """The place said just before the mention, in its clause; with ``cross``, a limb named at
    the end of the clause before ("my leg | won't move": Alexa split the sentence there)."""
    words = said.words
    position = mention.start - 1
    steps = 0
    while position >= 0 and steps < 6:
        if words[position] == BREAK:
            if cross:
                previous = _last_place_before(said, position)
                return previous if previous in lexicon.LIMB_REGIONS else None
            return None
        region = said.place_of(position)
        if region is not None:
            return region
        if words[position] in lexicon.POINTING_BACK:
            return _last_place_before(said, position)
        if words[position] in ("i", "he", "she", "we", "you") or words[position] in table.NEW_SUBJECTS \
                and words[position] != "it":
            return None
        if words[position] in ("but", "because", "when", "while", "so", "although", "though"):
            return None
        position -= 1
        steps += 1
    return None


def _last_place_before(said: _Said, index: int) -> str | None:
    for start, _end, region in reversed(said.places):
        if start < index:
            return region
    return None


_PREPOSITIONS = frozenset(("in", "into", "down", "to", "through", "along", "across", "around", "at",
                           "on", "behind", "from", "under", "inside", "up", "over", "towards", "toward",
                           "round", "within", "throughout", "underneath", "near", "by", "between"))
_MODIFIERS = frozenset(lexicon.POSSESSIVES) | {"of", "and", "or", "upper", "lower", "outer", "inner",
                                               "back", "front", "side", "bottom", "top", "middle",
                                               "all", "way", "the", "right", "left", "into", "down",
                                               "to", "in", "my", "each", "other", "entire", "whole"}
_INTENSIFIERS = frozenset(("so", "really", "very", "a", "lot", "bad", "badly", "too", "now", "again",
                           "all", "the", "time", "constantly", "like", "crazy", "hell", "sharp",
                           "and", "it", "is", "s", "that", "which", "goes", "going", "went", "runs",
                           "running", "shoots", "shooting", "radiates", "radiating", "travels",
                           "travelling", "traveling", "spreads", "spreading", "moves", "moving",
                           "moved", "comes", "coming", "extends", "extending", "has", "been",
                           "started", "starting", "began", "begun", "came", "on", "up",
                           "gone", "right", "straight", "all", "way", "pain", "pains", "burning",
                           "stabbing", "aching", "shooting", "from", "my", "back", "lower",
                           "upper", "an", "electric", "shock", "shocks", "feeling", "sensation"))


def _pain_places(said: _Said, mention: _Mention) -> set[str]:
    """Where a pain word is said to be: "pain in my leg", "my leg hurts", "it shoots down my
    leg", "leg pain". Not "hurt my back lifting with my legs" (the back is where it hurts)."""
    words = said.words
    places = set()
    # Before: "my leg hurts", "leg pain", "my buttock is really sore".
    position = mention.start - 1
    steps = 0
    while position >= 0 and steps < 4 and words[position] != BREAK:
        region = said.place_of(position)
        if region is not None:
            places.add(region)
            break
        if words[position] not in ("is", "are", "was", "were", "feels", "feel", "has", "have", "been",
                                   "keeps", "keep", "really", "so", "very", "also", "still", "getting",
                                   "gets", "got", "become", "becoming", "starting", "started", "a",
                                   "bit", "little", "quite", "pretty", "super", "extremely", "just",
                                   "that", "the", "of", "in", "and", "both", "now", "all", "sharp"):
            break
        position -= 1
        steps += 1
    # After: a preposition, then a place; places joined by "and", "or" and more prepositions.
    position = mention.end
    steps = 0
    # A clause break may be crossed here: a place found in the next slot can only make the pain
    # a sign (Alexa may leave "into my" between two slots), never lower anything.
    linked = False
    while position < len(words) and steps < 12:
        region = said.place_of(position)
        if region is not None:
            if not linked and _starts_clause(said, mention.end, position):
                break  # "my back's sore my legs are fine": the place begins a clause of its own
            places.add(region)
            linked = False  # the next place needs its own link ("pain in my back | my legs are fine")
            for start, end, _region in said.places:
                if start == position:
                    position = end - 1
                    break
        elif words[position] in _PREPOSITIONS or words[position] in _MODIFIERS or \
                words[position] in _INTENSIFIERS or words[position] == BREAK:
            linked = linked or words[position] in _LINKS
        else:
            break
        position += 1
        steps += 1
    return places


#: Words that tie a pain to a place said after it: "pain in my leg", "shooting down my leg".
_LINKS = (_PREPOSITIONS | {"goes", "going", "went", "runs", "running", "shoots", "shooting", "radiates",
                           "radiating", "travels", "travelling", "traveling", "spreads", "spreading",
                           "moves", "moving", "moved", "comes", "coming", "extends", "extending",
                           "way"}) - {"and"}
#: A place followed by one of these is the subject of its own clause ("my legs are fine").
_CLAUSE_VERBS = frozenset(("is", "are", "was", "were", "feel", "feels", "felt", "seem", "seems", "s",
                           "look", "looks", "have", "has", "had", "can", "could", "will", "won't"))


_NEW_PHRASE = frozenset(("my", "his", "her", "their", "your", "our", "the", "and", BREAK))


def _starts_clause(said: _Said, after: int, position: int) -> bool:
    """Whether the place said at ``position`` begins a noun phrase of its own after the pain word
    (a possessive, "the" or a slot break between: not "a throbbing right leg") and is followed
    by its own verb ("my legs are fine")."""
    between = said.words[after:position]
    if not any(word in _NEW_PHRASE for word in between):
        return False
    for start, end, _region in said.places:
        if start == position:
            return end < len(said.words) and said.words[end] in _CLAUSE_VERBS
    return False


def _sign_of(said: _Said, mention: _Mention) -> tuple[str | None, str | None]:
    """(sign, place) a mention stands for, with its place taken into account; (None, None) when
    the words here name no sign."""
    sign, where = mention.sign, mention.where
    if mention.kind == "function":
        region = _limb_for(said, mention)
        function = mention.function
        if mention.where == "partial":
            if function.with_limb == LIMB:
                if region in lexicon.LIMB_REGIONS:
                    return WEAKNESS, region
                if function.alone == CANNOT_GET_UP:
                    return CANNOT_GET_UP, region
                return None, None
            return function.with_limb, region
        if function.with_limb == LIMB:
            if region in lexicon.LIMB_REGIONS:
                return LIMB, region
            if region is None and function.alone is None:
                return None, None
            return function.alone, region
        return function.with_limb, region
    if mention.kind == "absence":
        region = _limb_for(said, mention)
        if sign == BLADDER_OR_BOWEL and region in lexicon.LIMB_REGIONS and \
                said.words[mention.start + len(mention.used) - 1:mention.end][-1:] == ("control",):
            return LIMB, region
        if sign == LIMB and region not in lexicon.LIMB_REGIONS and region is not None:
            return CANNOT_GET_UP, region
        return sign, region
    if where == "limb":
        region = _limb_for(said, mention)
        if region in lexicon.LIMB_REGIONS:
            return sign, region
        if sign == LIMB and region in lexicon.LOWER_REGIONS:
            return NUMBNESS, region  # buttocks or groin "gone dead": no feeling there
        return None, None
    if where == "part":
        region = _limb_for(said, mention)
        if region in lexicon.LIMB_REGIONS or region in (lexicon.BUTTOCKS, lexicon.GROIN):
            return sign, region
        return None, None  # a person asleep, or a back "gone to sleep": no numbness
    if where == "lower":
        places = _pain_places(said, mention)
        if places & lexicon.LOWER_REGIONS:
            return sign, min(places & lexicon.LOWER_REGIONS)
        if sign == NUMBNESS:
            return None, None
        return BACK_PAIN, min(places, default=None)
    if where == "not_back":
        region = _limb_for(said, mention)
        places = _pain_places(said, mention) | ({region} if region else set())
        if places and places <= {lexicon.BACK}:
            return BACK_PAIN, lexicon.BACK
        return sign, region
    if sign == NOT_IMPROVING and _WORSE_WORDS & set(said.words[mention.start:mention.end]):
        # "my legs are getting worse", "it's worse in my thighs": worse said of a leg, the belly or
        # the buttocks is the guide's "new or worse pain" there, not a back slow to mend.
        lower = _pain_places(said, mention) & lexicon.LOWER_REGIONS
        if lower and "and" not in said.words[max(0, mention.start - 3):mention.start]:  # not "... and it's worse"
            return LOWER_BODY_PAIN, min(lower)
    return sign, _limb_for(said, mention) if sign in (NUMBNESS, WEAKNESS) else None


_WORSE_WORDS = frozenset(("worse", "worsening"))
#: Signs that, said with a fall, make it the 911 fall.
_AFTER_A_FALL = frozenset((CANNOT_GET_UP, LIMB, SERIOUS_INJURY, EMERGENCY, WEAKNESS, NUMBNESS, BLADDER_OR_BOWEL))


def _other_person(context: _Context, mention: _Mention) -> bool:
    """Whether the sign is someone else's: the nearest person named before it, in its clause or
    the sentence, is someone else ("my son can't lift his arm")."""
    words = context.said.words
    index = mention.start - 1
    while index >= 0:
        trigger = context.triggers_at.get(index)
        if trigger is not None and trigger.category == table.OTHER_PERSON:
            return True
        if words[index] in ("i", "me", "myself", "im"):
            return False
        index -= 1
    for used in mention.used:
        if words[used] in ("himself", "herself", "themselves", "his", "her"):
            return True
    after = words[mention.end:mention.end + 3]
    return any(w in ("his", "her", "himself", "herself") for w in after) and "my" not in after


def _older(said: _Said) -> bool:
    words = said.words
    idx = _indexes()["older"]
    for start in range(len(words)):
        if words[start] != BREAK and idx.at(words, start):
            return True
        number = _number_at(words, start)
        if number is not None and number[0] >= lexicon.OLDER_AGE and \
                words[number[1]:number[1] + 2] in (("year", "old"), ("years", "old")):
            return True
    return False


#: Body-function verbs that an ability and its gapped "but not" share ("I can move my arms but
#: not my legs" says "I can not move my legs").
_GAPPED_VERBS = frozenset(("move", "feel", "lift", "raise", "wiggle", "bend", "use", "control", "hold"))


def _spelled_out(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words with a gapped inability said in full: "... can move my arms but not my legs"
    becomes "... can move my arms but i can not move my legs", so the reader sees the sign."""
    out = list(words)
    index = 0
    while index < len(out) - 1:
        if out[index] == "but" and out[index + 1] == "not":
            verb = next((out[i] for i in range(index - 1, max(-1, index - 8), -1)
                         if out[i] in _GAPPED_VERBS and i > 0 and out[i - 1] in ("can", "could", "to")), None)
            if verb is not None:
                out[index + 1:index + 2] = ["i", "can", "not", verb]
                index += 4
        index += 1
    return tuple(out)


#: Words after "it's not my legs that are numb," that hand the sign to the next place named.
_CONTRAST = frozenset(("it", "is", "its", "but", "rather", "instead", "more", "actually", "really",
                       "just", "mostly", "mainly", "only", "all", "kind", "sort", "of", "like"))
#: Words between a contrast and its place ("it's more around my bottom").
_TOWARDS = frozenset(("around", "in", "on", "at", "across", "down", "by", "near", "through", "into",
                      "towards", "over")) | frozenset(lexicon.POSSESSIVES)
#: What may follow the second place and still leave it no predicate of its own ("..., my bum is").
_COPULAS = frozenset(("is", "are", "was", "were", "that", "area", "instead", "too", "really"))


def _contrast_spelled_out(said: _Said) -> _Said:
    """A sign denied of one place and handed to another said in full: "it's not my legs that are
    numb, it's more around my bottom" says the bottom is numb. The denial names the place, not
    the sign, so the sign stays reported of the place the person turns to."""
    words, places = said.words, said.places
    for number, (start, end, _region) in enumerate(places):
        head = start - 1
        while head >= 0 and words[head] in lexicon.POSSESSIVES:
            head -= 1
        if head < 0 or words[head] != "not" or number + 1 >= len(places):
            continue
        sign_start = end + (1 if end < len(words) and words[end] in ("that", "which", "where") else 0)
        if sign_start >= len(words) or words[sign_start] not in ("is", "are", "was", "were", "feels", "feel"):
            continue
        sign_start += 1
        next_start, next_end, _next_region = places[number + 1]
        sign_end = sign_start
        while sign_end < next_start and words[sign_end] not in (BREAK, "but", "it", "its"):
            sign_end += 1
        between = words[sign_end:next_start]
        if sign_end == sign_start or not all(w == BREAK or w in _CONTRAST or w in _TOWARDS for w in between):
            continue
        if not any(w in (BREAK, "but", "it", "its", "rather", "instead") for w in between):
            continue
        if any(w not in _COPULAS for w in words[next_end:next_end + 3] if w != BREAK):
            continue  # the second place has its own predicate ("it's my back that hurts")
        spelled = words + (BREAK, "my", *words[next_start:next_end], "is", *words[sign_start:sign_end])
        return _Said(spelled)
    return said


def explain(text: str) -> tuple["Reading", list[Finding]]:
    """The reading of ``text``, and every sign phrase found with what its context made of it."""
    said = _contrast_spelled_out(_Said(_spelled_out(words_of(text))))
    mentions = _choose(_candidates(said))
    taken = set().union(*(m.used for m in mentions)) if mentions else set()
    triggers = _triggers(said, taken)
    triggers_at = {}
    for trigger in triggers:
        for index in range(trigger.start, trigger.end):
            triggers_at.setdefault(index, trigger)
    context = _Context(said, mentions, triggers, triggers_at)
    changed = any(t.category == table.CHANGE for t in triggers) or any(
        m.kind == "pseudo" and m.effect == "new" for m in mentions)
    doubts = {table.DOUBT}
    findings: list[Finding] = []
    for mention in mentions:
        if mention.kind in ("everyday", "pseudo"):
            continue
        words = " ".join(said.words[i] for i in sorted(mention.used))
        uncertain = _in_scope(context, mention, {table.UNCERTAIN, table.DOUBT}) is not None
        if mention.kind == "ability":
            if _in_scope(context, mention, doubts) is not None and mention.function is not None:
                sign, region = _sign_of(said, mention._replace(kind="function", sign=mention.function.with_limb))
                if sign is not None:
                    findings.append(Finding(sign, words, "present", uncertain=True, region=region,
                                            other_person=_other_person(context, mention)))
                    continue
            findings.append(Finding(lexicon.ABILITY, words, "ability"))
            continue
        sign, region = _sign_of(said, mention)
        if sign is None:
            if mention.where in ("part", "limb"):
                # Understood, and no sign: "I fell asleep", "I'm dead tired", "dragging myself".
                findings.append(Finding(BACK_PAIN, words, "everyday"))
            continue
        if sign == NUMBNESS and region == lexicon.BODY:
            sign = LIMB  # no feeling from the waist or the neck down: read as the 911 sign
        denied = not uncertain and _negated(context, mention)
        historical = _in_scope(context, mention, {table.HISTORICAL}, both=True) is not None
        hypothetical = _in_scope(context, mention, {table.HYPOTHETICAL}) is not None
        findings.append(Finding(sign, words, "denied" if denied else "present",
                                historical=historical and not changed, uncertain=uncertain,
                                hypothetical=hypothetical, other_person=_other_person(context, mention),
                                new=changed, region=region))
    everyday_said = any(m.kind == "everyday" for m in mentions)
    return _reading(said, findings, everyday_said), findings


#: Words that name nothing: "okay", "alright, so", "um well".
_PLEASANTRIES = frozenset(("okay", "ok", "all", "right", "alright", "so", "now", "well", "um", "uh",
                           "erm", "hmm", "oh", "yes", "yeah", "then", "and", "please", "thanks",
                           "thank", "you", "just", "i", "what", "do", "should", "now"))


def _reading(said: _Said, findings: list[Finding], everyday_said: bool = False) -> "Reading":
    present = [f for f in findings if f.status == "present"]
    signs = []
    for finding in present:
        sign = HISTORICAL_SIGN.get(finding.sign, finding.sign) if finding.historical else finding.sign
        signs.append((sign, finding))
    present_signs = {s for s, _ in signs}
    injured = INJURY in present_signs
    # After a fall or an accident, new weakness, numbness or a bladder sign may be an injured
    # spine: 911 first, as for a fall one cannot get up from (a choice beyond the guide).
    if injured and (present_signs & _AFTER_A_FALL or _older(said)):
        finding = next(f for s, f in signs if s == INJURY)
        signs.append((SERIOUS_INJURY, finding))
    if not signs:
        if everyday_said or any(f.status in ("denied", "ability", "everyday") for f in findings) or any(
                region == lexicon.BACK for _, _, region in said.places) or any(
                w in ("back", "spasm", "spasms") for w in said.words):
            return Reading(EVERYDAY, None)
        if all(word in _PLEASANTRIES or word == BREAK for word in said.words):
            return Reading(EVERYDAY, None)  # "alright, what now": no symptom named at all
        return Reading(UNRECOGNISED, None)
    sign, finding = min(signs, key=lambda pair: URGENCY.index(TIER_OF_SIGN[pair[0]]))
    tier = TIER_OF_SIGN[sign]
    if sign in (NUMBNESS, WEAKNESS):
        regions = {f.region for s, f in signs if s == sign}
        if lexicon.ARM in regions and not regions & lexicon.LOWER_REGIONS:
            sign = ARM_NUMBNESS_OR_WEAKNESS
    if tier == EVERYDAY:
        return Reading(EVERYDAY, None)
    return Reading(tier, sign, other_person=finding.other_person, hypothetical=finding.hypothetical)


def read(text: str) -> "Reading":
    """The tier and sign for ``text``: the most urgent reading of everything said."""
    return explain(text)[0]


# ---------------------------------------------------------------- what Alexa heard

#: SymptomType value id -> sign, for words this reader cannot read at all (a safety net).
_BY_SYMPTOM_ID = {
    "CANNOT_MOVE_LIMB": LIMB,
    "LOSS_OF_BLADDER_OR_BOWEL_CONTROL": BLADDER_OR_BOWEL,
    "NEW_NUMBNESS_OR_TINGLING": NUMBNESS,
    "NEW_WEAKNESS": WEAKNESS,
    "NEW_OR_WORSE_PAIN": LOWER_BODY_PAIN,
    "FEVER": FEVER,
    "WEIGHT_LOSS": WEIGHT_LOSS,
    "FEELING_UNWELL": FEELING_UNWELL,
    "NOT_IMPROVING": NOT_IMPROVING,
    "STUCK": CANNOT_GET_UP,
    "PAIN": BACK_PAIN,
    "INJURY": INJURY,
}
_LIMB_PARTS = {"LEG", "FOOT", "ARM"}
_LOWER_PARTS = {"LEG", "FOOT", "GROIN", "BELLY", "BUTTOCKS"}


#: Words that govern what follows them: left at the end of one slot, they belong to the next
#: ("no pins and needles no" | "weakness"). Not "never": left alone it is more often the head
#: of "never ... before" whose tail Alexa dropped, and carried over it would deny the sign.
DANGLING = frozenset(("no", "nor", "without", "zero"))


#: One-word and two-word names of a place on the body, from the sign table's regions.
_PLACE_NAMES = frozenset(tuple(name.split()) for names in lexicon.REGIONS.values() for name in names
                         if len(name.split()) <= 2)


def _trailing_place(words: Sequence[str]) -> list[str]:
    """A place left at the end of a slot with nothing said of it ("... but my belly"), or []."""
    for size in (2, 1):
        if len(words) > size and tuple(words[-size:]) in _PLACE_NAMES and \
                words[-size - 1] in lexicon.POSSESSIVES:
            return list(words[-size - 1:])
    return []


def _names_a_place(words: Sequence[str]) -> bool:
    return any(tuple(words[i:i + size]) in _PLACE_NAMES for size in (1, 2) for i in range(len(words)))


def names_a_body_place(text: str) -> bool:
    """Whether ``text`` names a place on the body (a leg, the groin, "down there")."""
    return _names_a_place(words_of(text))


def names_a_lower_place(text: str) -> bool:
    """Whether ``text`` names a leg, the belly, the groin or the buttocks."""
    said = _Said(words_of(text))
    return any(region in lexicon.LOWER_REGIONS for _, _, region in said.places)


def join_clauses(parts: Sequence[str]) -> str:
    """The words of several slots as one text, each slot its own clause.

    Alexa decides where one slot ends and the next begins, not the speaker: a denial left at
    the end of a slot ("no pins and needles no" | "weakness") governs the next slot's words,
    so it is carried over ("no pins and needles | no weakness"); a place left at the end of a
    slot with nothing said of it ("not only is my back sore but my belly" | "hurting") is where
    the next slot's words happen, so the next clause says it again ("my belly hurting"),
    unless it names a place of its own. Said again, never moved: the first clause keeps its
    reading ("I can't feel my leg" | "burning").
    """
    clauses = [list(words_of(part)) for part in parts]
    for index in range(len(clauses) - 1):
        while clauses[index] and clauses[index][-1] in DANGLING:
            clauses[index + 1].insert(0, clauses[index].pop())
        place = _trailing_place(clauses[index])
        after = clauses[index + 1]
        if place and after and not _names_a_place(after):
            if after[0] in DANGLING:
                # "my back muscles" | "no numbness": said after the denial, the place would be
                # what is denied ("no my back"); it is where the denied sign would be.
                after.extend(["in"] + place)
            else:
                after[0:0] = place
    return f" {BREAK} ".join(" ".join(words) for words in clauses if words)


def read_symptom(heard: Sequence[str | None], symptom_id: str | None = None,
                 body_part_id: str | None = None, inability: bool = False) -> Reading:
    """The reading of the words Alexa heard (each slot its own clause, in order), with the
    value Alexa resolved as a safety net for words the reader cannot read at all.

    ``inability``: Alexa heard an inability ("can't", "won't", "not able to") in its own slot.
    Said of an arm or a leg with words the reader cannot read ("my thigh won't | i can't tell":
    the verb fell out of the slots), it is read as the 911 sign; of the groin, belly or
    buttocks, as doctor now. Safety wins when the words that would tell are lost.
    """
    parts = [h for h in heard if h and h.strip()]
    if not parts and symptom_id is None:
        return Reading(GENERIC, EMERGENCY)
    reading = read(join_clauses(parts)) if parts else Reading(UNRECOGNISED, None)
    if inability and reading.tier == UNRECOGNISED:
        # "can't even | my groin when I touch it": the verb fell out between the slots; the place
        # is in its own slot, or named in the words left.
        lost_verb = inability_reading(body_part_id) or _inability_of_place_named(parts)
        if lost_verb is not None:
            return lost_verb
    if symptom_id == "INJURY" and reading.sign in _AFTER_A_FALL and reading.tier != CALL_911:
        # "I slipped | in the bathroom and I can't get back up": Alexa heard the fall in words the
        # reader reads as no fall ("slipped" with its "in" lost); what follows a fall is read as
        # it would be with the fall read (``_reading``).
        return Reading(CALL_911, SERIOUS_INJURY, other_person=reading.other_person)
    if reading.tier != UNRECOGNISED or symptom_id not in _BY_SYMPTOM_ID:
        return reading
    if parts and symptom_id in ("INJURY", "PAIN"):
        return reading  # a near miss ("tell" for "fell") is no fall; words the reader cannot read stay unrecognised
    sign = _BY_SYMPTOM_ID[symptom_id]
    if symptom_id == "PAIN" and body_part_id in _LOWER_PARTS:
        sign = LOWER_BODY_PAIN
    elif symptom_id == "CANNOT_MOVE_LIMB" and body_part_id == "BACK":
        sign = CANNOT_GET_UP
    elif symptom_id == "NEW_WEAKNESS" and body_part_id == "BACK":
        sign = BACK_PAIN
    tier = TIER_OF_SIGN[sign]
    if tier == EVERYDAY:
        return Reading(EVERYDAY, None)
    if sign in (NUMBNESS, WEAKNESS) and body_part_id == "ARM":
        sign = ARM_NUMBNESS_OR_WEAKNESS
    return Reading(tier, sign)


def inability_reading(body_part_id: str | None) -> Reading | None:
    """An inability said of this body part when its verb was lost: of an arm or a leg, the 911
    sign; of the groin, belly or buttocks, doctor now; elsewhere, None."""
    if body_part_id in _LIMB_PARTS:
        return Reading(CALL_911, LIMB)
    if body_part_id in _LOWER_PARTS:
        return Reading(CALL_DOCTOR_NOW, NUMBNESS)
    return None


def _inability_of_place_named(parts: Sequence[str]) -> Reading | None:
    """``inability_reading`` for the place named in the words themselves, if any."""
    regions = {region for part in parts for _, _, region in _Said(words_of(part)).places}
    if regions & {lexicon.LEG, lexicon.ARM}:
        return Reading(CALL_911, LIMB)
    if regions & lexicon.LOWER_REGIONS:
        return Reading(CALL_DOCTOR_NOW, NUMBNESS)
    return None


def is_lower_body(body_part_id: str | None) -> bool:
    """Whether the body part is where the guide's "new or worse" signs are: a leg or a foot,
    the groin, the belly or the buttocks."""
    return body_part_id in _LOWER_PARTS


def most_urgent(readings: Sequence[Reading]) -> Reading:
    """The reading to answer when several things were said at once."""
    ranked = [r for r in readings if r.tier in URGENCY]
    return min(ranked, key=lambda r: URGENCY.index(r.tier)) if ranked else readings[0]
