"""Understanding typed utterances from ``interaction_models/<locale>.json`` alone.

The model's sample utterances are the only source of phrasing for the
skill's own intents. What Alexa itself supplies is here too: the standard
phrasings of the built-in intents (``BUILT_IN_PHRASES``), the built-in slot
grammars (``builtin_slots``), invocation phrasing ("ask tide tables to
...") and the filler words speech recognition drops.

How an utterance is matched
---------------------------
Every sample is compiled once per model into literal tokens and slot
references. An utterance is compared with every sample by a weighted edit
distance over tokens (a dynamic programme over utterance position x sample
position):

- a literal token costs nothing when equal, 0.25 when only its ending
  differs ("walking"/"walk"), 0.4 for a typing slip (one edit in a word of
  four letters or more, two in seven or more);
- a token the user added, or a sample token the user left out, costs its
  weight: 1 for content words, 0.5 for function words ("the", "my", "is"),
  0.1 for fillers ("um", "please", "alexa");
- a slot consumes a span of the utterance: 0 for one of the type's values or
  synonyms, or a built-in value the grammar reads ("fifteen minutes"); for
  a custom type, words outside the list cost ``0.4 + 0.6 x their weight`` (full weight for words the model uses elsewhere)
  (Alexa fills the slot and says ER_SUCCESS_NO_MATCH), less when they are
  close to a value; an empty slot costs 0.8.

The score is ``1 - 2 x cost / (utterance weight + sample weight)``, where a
slot weighs what its span weighs: 1 for an exact match, falling with every
difference and with the difference in length. The best sample over every intent wins (ties go to the model's
order); below the threshold set by the model's ``fallbackIntentSensitivity``
the utterance goes to AMAZON.FallbackIntent.

The search is exact: skipping a sample never changes the answer. Samples are
aligned best optimistic bound first (``_lower_bound``, from bags of words;
an intent's samples share one bound until it comes up, then each group of
neighbouring samples shares one until theirs does), the search stops when no
bound can reach the answer (with a floor, as the per-sample check sets one,
whatever is bound below it never enters the queue), and a sample that a sharper
bound (``_cannot_beat``) proves cannot change the answer is not aligned.
What every sample comparison shares is worked out once per utterance
(``_Reading``: word bounds, substitutions, the slot span table) or once per
model (the words each word could be heard as, through an index of deletions;
what a custom slot's span of given words costs and resolves to).
A slot span is measured against a value only when a bag-of-words bound on their distance
(each of the value's words deleted, or heard as the nearest word of the span) does not
already exceed the nearest value so far (``_nearest_phrase``).

Everything here is a pure function of the model file and the words.
"""

import copy
import dataclasses
import datetime
import hashlib
import heapq
import json
import math
import os
import pickle
import tempfile
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from . import builtin_slots
from .envelopes import SKILL_ID
from .envelopes import slot as build_slot
from .text import Tokens, spoken_variants, sub_tokens, tokenise

FALLBACK = "AMAZON.FallbackIntent"

class Matcher(NamedTuple):
    """How strict the matcher is: the fallback thresholds and what an open slot charges.

    A custom slot's span costs ``wildcard_base`` plus, for each word that is no
    value of the type, its weight times a factor: ``in_type`` for a word the
    type's values use (Alexa's slot model has seen it), ``unknown`` for a word
    the model never uses, ``carrier`` for a word other samples use as carrier
    phrasing (unlikely to be a value).
    """

    name: str
    #: Score below which an utterance goes to AMAZON.FallbackIntent, by the model's sensitivity.
    thresholds: dict[str, float]
    wildcard_base: float
    in_type: float
    unknown: float
    carrier: float
    #: What leaving out a word the model never uses costs, as a share of its weight: such a
    #: word is evidence for no intent ("I woke up and couldn't feel my leg": "woke").
    unknown_insert: float = 1.0
    #: The most words one custom slot takes.
    longest_slot: int = 8


#: The matcher before calibration (kept for comparison: ``--matcher lenient``).
LENIENT = Matcher("lenient", {"LOW": 0.35, "MEDIUM": 0.42, "HIGH": 0.5},
                  wildcard_base=0.4, in_type=0.6, unknown=0.6, carrier=1.0)
#: Calibrated as ``alexa_simulator.calibration`` documents (on the model this simulator was
#: first built for; ``python -m alexa_simulator.calibration`` measures another model).
CALIBRATED = Matcher("calibrated", {"LOW": 0.40, "MEDIUM": 0.51, "HIGH": 0.62},
                     wildcard_base=0.5, in_type=0.3, unknown=1.0, carrier=1.0,
                     unknown_insert=1.0, longest_slot=14)
MATCHERS = {m.name: m for m in (CALIBRATED, LENIENT)}


#: Alexa's own phrasings of its built-in intents. They apply only to built-in
#: intents the model declares; the model's samples for them are added to these.
BUILT_IN_PHRASES = {
    "AMAZON.HelpIntent": ["help", "help me", "can you help me", "can you help", "i need help",
                          "what can i do", "what do i do", "what are my options", "help please"],
    "AMAZON.StopIntent": ["stop", "stop it", "off", "shut up", "be quiet", "quiet", "enough",
                          "that's enough", "stop talking", "goodbye", "bye", "i'm done",
                          "okay stop", "ok stop", "all right stop", "okay that's enough"],
    "AMAZON.CancelIntent": ["cancel", "never mind", "nevermind", "forget it", "cancel that",
                            "forget about it", "cancel it"],
    "AMAZON.NavigateHomeIntent": ["go home", "home", "take me home", "go to home",
                                  "go to the home screen", "back to home"],
    "AMAZON.RepeatIntent": ["repeat", "repeat that", "say that again", "say it again", "again",
                            "come again", "pardon", "pardon me", "what was that",
                            "can you repeat that", "one more time", "repeat please"],
    "AMAZON.NextIntent": ["next", "skip", "go next", "next one", "skip this", "skip ahead",
                          "go forward", "forward", "the next one"],
    "AMAZON.PreviousIntent": ["previous", "go back", "back", "previous one", "last one",
                              "go to the previous one", "back up", "the last one"],
    "AMAZON.StartOverIntent": ["start over", "restart", "start again", "begin again",
                               "from the beginning", "start from the top", "go back to the start"],
    "AMAZON.YesIntent": ["yes", "yeah", "yep", "yup", "ya", "sure", "okay", "of course",
                         "please do", "go ahead", "absolutely", "definitely", "all right",
                         "uh huh", "sounds good", "yes i do", "i do", "yes please", "sure thing",
                         "why not", "i would", "yes i would", "that would be great", "correct"],
    "AMAZON.NoIntent": ["no", "nope", "nah", "no thanks", "no thank you", "not really",
                        "i don't", "no i don't", "not now", "negative", "no way", "i'm good",
                        "no i'm good", "not today", "don't", "i would not", "no i would not"],
    "AMAZON.MoreIntent": ["more", "tell me more", "more please", "i want more", "continue",
                          "go on", "keep going", "say more", "what else"],
    "AMAZON.PauseIntent": ["pause", "pause it", "hold on", "wait"],
    "AMAZON.ResumeIntent": ["resume", "carry on", "unpause"],
}

#: Words speech recognition drops or people put anywhere: nearly free to add or leave out.
FILLERS = frozenset("um umm uh uhh erm hmm hm ah ahh oh well so please alexa hey just "
                    "actually thanks thank like basically".split())
#: Words that carry little of an utterance's meaning: half weight.
FUNCTION_WORDS = frozenset("a an the to of is it i me my am are be do does did for on in at "
                           "and or that this with if any some you your we our us its was "
                           "there then than would will can".split())
#: Openings people add before a question; each is tried removed, as an alternative reading.
POLITE_OPENINGS = tuple(tuple(phrase.split()) for phrase in (
    "can you tell me", "could you tell me", "can you please tell me", "please tell me",
    "tell me", "i want to know", "i would like to know", "i wanna know", "i need to know",
    "do you know", "i was wondering", "i wonder", "can you", "could you", "would you",
    "i would like to", "i want to", "i need to", "i have a question",
))

STEM_COST = 0.25
TYPO_COST = 0.4
EMPTY_SLOT_COST = 0.8
#: Hearing one word where the sample has an unrelated one: this share of the heavier word's weight.
UNRELATED_FACTOR = 1.0
#: A word the intent uses in other samples costs this share of its weight when added.
INTENT_WORD_FACTOR = 0.3
#: The least weight a word used by every intent keeps.
MIN_SPECIFICITY = 0.2
#: Below this distance from a value, Alexa's entity resolution still finds it.
RESOLVE_DISTANCE = 0.45


def base_weight(token: str) -> float:
    """How much a word carries before the model is consulted: fillers, function words, content."""
    if token in FILLERS:
        return 0.1
    if token in FUNCTION_WORDS:
        return 0.5
    return 1.0


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """A rough English stem: "walking", "walks", "walked" -> "walk"; "lying" -> "lie"."""
    word = token
    if word.endswith("ying") and len(word) > 5:
        return word[:-4] + "ie"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    if word.endswith("i") and len(word) >= 4:
        word = word[:-1] + "y"
    return word


def _edit_distance(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    previous_previous = previous  # the row before ``previous``, for transpositions
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
            best = min(best, current[j])
        if best > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def _deletions(word: str) -> set[str]:
    """``word`` with no letter, one letter or two letters deleted."""
    once = {word[:i] + word[i + 1:] for i in range(len(word))}
    return {word} | once | {w[:i] + w[i + 1:] for w in once for i in range(len(w))}


@lru_cache(maxsize=262144)
def substitution(said: str, sample: str) -> float | None:
    """Cost of hearing ``said`` where the sample has ``sample``; None when unrelated."""
    if said == sample:
        return 0.0
    if said.isdigit() or sample.isdigit():
        return None
    if stem(said) == stem(sample):
        return STEM_COST
    shortest = min(len(said), len(sample))
    if shortest >= 4:
        limit = 2 if shortest >= 7 else 1
        if _edit_distance(said, sample, limit) <= limit:
            return TYPO_COST
    return None


# ---------------------------------------------------------------- the compiled model

@dataclass(frozen=True)
class SlotType:
    name: str
    #: Phrase tokens -> [(canonical name, id)].
    phrases: dict[tuple[str, ...], list[tuple[str, str | None]]]
    #: Every token of every value and synonym.
    vocabulary: frozenset
    #: Stem -> phrases containing a token with that stem.
    by_stem: dict[str, list[tuple[str, ...]]]
    longest: int
    sample_value: str

    @property
    def is_custom(self):
        return bool(self.phrases)

    @property
    def is_builtin_grammar(self):
        return self.name in builtin_slots.PARSERS


@dataclass(eq=False)
class Sample:
    intent: str
    text: str
    #: Literal tokens (str) and slot references (int: index into ``slots``).
    items: tuple[object, ...]
    slots: tuple[str, ...]
    literals: frozenset
    #: True for Alexa's standard phrasings of a built-in intent (not the model's own).
    built_in_phrase: bool = False
    #: Set when the model is compiled: the weight of its literal words.
    weight: float = 0.0
    #: Its literal words and (as ``(type name,)``) its slots of a built-in grammar, in order:
    #: what ``_missing_bound`` charges for when the utterance lacks them.
    missable: tuple[object, ...] = ()


class SampleGroup(NamedTuple):
    """A few neighbouring samples of one intent with the same slots (see ``best_matches``)."""

    intent: str
    slots: tuple[str, ...]
    #: Their indexes in ``Model.samples``.
    orders: tuple[int, ...]
    #: Every literal word of them, and the heaviest one's weight.
    literals: frozenset
    weight: float


#: How many neighbouring samples share one bound in the search.
GROUP_SIZE = 8


def _group_samples(samples: list[Sample]) -> list[SampleGroup]:
    groups, current = [], []
    for order, sample in enumerate(samples):
        if current and (len(current) == GROUP_SIZE or (sample.intent, sample.slots)
                        != (samples[current[0]].intent, samples[current[0]].slots)):
            groups.append(current)
            current = []
        current.append(order)
    if current:
        groups.append(current)
    return [SampleGroup(samples[orders[0]].intent, samples[orders[0]].slots, tuple(orders),
                        frozenset().union(*(samples[o].literals for o in orders)),
                        max(samples[o].weight for o in orders))
            for orders in groups]


def _whole_intents(groups: list[SampleGroup]) -> dict[str, SampleGroup]:
    """Per intent, one group of all its samples: every slot and literal word of its groups and
    the heaviest one's weight, so that its bound is never below any of theirs (``best_matches``)."""
    whole: dict[str, list[SampleGroup]] = {}
    for group in groups:
        whole.setdefault(group.intent, []).append(group)
    return {intent: SampleGroup(intent, tuple(sorted({name for g in parts for name in g.slots})),
                                tuple(order for g in parts for order in g.orders),
                                frozenset().union(*(g.literals for g in parts)),
                                max(g.weight for g in parts))
            for intent, parts in whole.items()}


@dataclass(eq=False)
class Model:
    locale: str
    path: str
    invocation: tuple[str, ...]
    #: Intent name -> {slot name: slot type}, in the model's order.
    intents: dict[str, dict[str, str]]
    samples: list[Sample]
    types: dict[str, SlotType]
    #: The model's fallbackIntentSensitivity level: LOW, MEDIUM or HIGH.
    sensitivity: str
    #: Every token of every sample (literals only).
    literal_vocabulary: frozenset
    #: Every token of every sample and slot value.
    vocabulary: frozenset
    #: Intent -> stems of all its samples' words.
    intent_stems: dict[str, frozenset]
    #: Stem -> how specific it is to few intents (1.0 for one intent, less for many).
    specificity: dict[str, float]
    skill_id: str = SKILL_ID
    #: SHA-256 of the model file's bytes (``load_model``); "" for a model compiled from a dict.
    digest: str = ""
    #: How strictly this model understands (``with_matcher`` gives the same model under another).
    matcher: Matcher = CALIBRATED
    _variants: dict[str, "Model"] = field(default_factory=dict, repr=False)
    _near: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)
    _weights: dict[str, float] = field(default_factory=dict, repr=False)
    #: The samples in groups of neighbours, for the search (set when the model is compiled).
    groups: list[SampleGroup] = field(default_factory=list, repr=False)
    #: Intent -> all its groups as one (``_whole_intents``), and the indexes of its groups.
    whole_intents: dict[str, SampleGroup] = field(default_factory=dict, repr=False)
    intent_groups: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _phrases_near: dict[tuple[str, str], set] = field(default_factory=dict, repr=False)
    _near_type: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False)
    #: Slot type -> its values and synonyms in sorted order, each with its words' least costs.
    _phrase_tables: dict[str, tuple] = field(default_factory=dict, repr=False)
    _by_stem: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _by_deletion: dict[str, list[str]] = field(default_factory=dict, repr=False)
    #: (slot type, words) -> what a custom slot's span of those words costs and resolves to
    #: (``_SpanTable``): a function of the words and this model's matcher alone.
    _span_costs: dict[tuple, tuple] = field(default_factory=dict, repr=False)

    def weight(self, token: str) -> float:
        """A word's weight: its kind (filler, function, content) times how few intents use it."""
        found = self._weights.get(token)
        if found is None:
            found = self._weights[token] = base_weight(token) * self.specificity.get(stem(token), 1.0)
        return found

    def near(self, token: str) -> dict[str, float]:
        """The model's tokens ``token`` could be heard as, with the cost of each (itself free)."""
        found = self._near.get(token)
        if found is None:
            found = {}
            for other in self._near_candidates(token):
                cost = substitution(token, other)
                if cost is not None:
                    found[other] = cost
            self._near[token] = found
        return found

    def _near_candidates(self, token: str) -> set[str]:
        """Every vocabulary word ``substitution`` may relate to ``token`` (and a few more):
        itself, those with its stem, and those within two edits, which share a string made
        by deleting at most two letters from each (a transposition is one deletion in each)."""
        if not self._by_stem:
            for word in self.vocabulary:
                self._by_stem.setdefault(stem(word), []).append(word)
                for variant in _deletions(word):
                    self._by_deletion.setdefault(variant, []).append(word)
        candidates = set(self._by_stem.get(stem(token), ()))
        if token in self.vocabulary:
            candidates.add(token)
        if len(token) >= 4:
            for variant in _deletions(token):
                candidates.update(self._by_deletion.get(variant, ()))
        return candidates

    def phrase_table(self, slot_type: SlotType) -> tuple[list, list, dict]:
        """``(phrases, pairs, numbers)``: the type's values and synonyms in sorted order, for
        each its ``(word, least cost)`` pairs (``_least_costs``), and each one's number. A
        phrase is known by its number here: numbers sort as the phrases do and hash for less."""
        found = self._phrase_tables.get(slot_type.name)
        if found is None:
            phrases = sorted(slot_type.phrases)
            found = self._phrase_tables[slot_type.name] = (
                phrases, [tuple(zip(key, _least_costs(key), strict=True)) for key in phrases],
                {phrase: number for number, phrase in enumerate(phrases)})
        return found

    def phrases_near(self, slot_type: SlotType, token: str) -> set[int]:
        """The values and synonyms of ``slot_type`` with a word ``token`` could be heard as,
        by their numbers in ``phrase_table``."""
        key = (slot_type.name, token)
        found = self._phrases_near.get(key)
        if found is None:
            number = self.phrase_table(slot_type)[2]
            found = self._phrases_near[key] = {number[phrase] for near in self.near(token)
                                               for phrase in slot_type.by_stem.get(stem(near), ())}
        return found

    def near_type(self, slot_type: SlotType, token: str) -> bool:
        """Whether ``token`` is, or could be heard as, a word of ``slot_type``'s values."""
        key = (slot_type.name, token)
        found = self._near_type.get(key)
        if found is None:
            vocabulary = slot_type.vocabulary
            found = self._near_type[key] = token in vocabulary or any(
                other in vocabulary for other in self.near(token))
        return found

    def with_matcher(self, matcher: Matcher) -> "Model":
        """This model understanding with ``matcher``; the compiled samples and word tables are shared."""
        if matcher is self.matcher:
            return self
        found = self._variants.get(matcher.name)
        if found is None or found.matcher is not matcher:
            found = self._variants[matcher.name] = dataclasses.replace(self, matcher=matcher,
                                                                         _span_costs={})
        return found

    @property
    def threshold(self) -> float:
        """The fallback threshold for this model's sensitivity, under its matcher."""
        thresholds = self.matcher.thresholds
        return thresholds.get(self.sensitivity, thresholds["LOW"])

    def absorb_weight(self, token: str, slot_type: SlotType) -> float:
        """What a custom slot charges per word outside its values (see ``Matcher``)."""
        matcher = self.matcher
        if token in slot_type.vocabulary:
            factor = matcher.in_type
        elif token in self.literal_vocabulary:
            factor = matcher.carrier
        else:
            factor = matcher.unknown
        return factor * self.weight(token)


def _compile_sample(intent: str, text: str, slot_types: dict[str, str], built_in: bool) -> Sample:
    items, slots = [], []
    for piece in _split_sample(text):
        if piece.startswith("{") and piece.endswith("}"):
            name = piece[1:-1].strip()
            if name not in slot_types:
                raise ValueError(f"{intent}: sample {text!r} names an undeclared slot {name!r}")
            items.append(len(slots))
            slots.append(name)
        else:
            items.extend(tokenise(piece).tokens)
    literals = frozenset(item for item in items if isinstance(item, str))
    return Sample(intent=intent, text=text, items=tuple(items), slots=tuple(slots),
                  literals=literals, built_in_phrase=built_in)


def _split_sample(text: str) -> list[str]:
    pieces, current, depth = [], "", 0
    for char in text:
        if char == "{":
            if current.strip():
                pieces.append(current)
            current, depth = "{", 1
        elif char == "}" and depth:
            pieces.append(current + "}")
            current, depth = "", 0
        else:
            current += char
    if current.strip():
        pieces.append(current)
    return pieces


def _compile_type(definition: dict) -> SlotType:
    phrases: dict[tuple[str, ...], list[tuple[str, str | None]]] = {}
    first = None
    for value in definition.get("values", []):
        name = value["name"]["value"]
        first = first or name
        value_id = value.get("id")
        for spoken in [name] + list(value["name"].get("synonyms", [])):
            key = tokenise(spoken).tokens
            if key and (name, value_id) not in phrases.setdefault(key, []):
                phrases[key].append((name, value_id))
    by_stem: dict[str, list[tuple[str, ...]]] = {}
    for key in phrases:
        for token in set(key):
            by_stem.setdefault(stem(token), []).append(key)
    vocabulary = frozenset(t for key in phrases for t in key)
    return SlotType(definition["name"], phrases, vocabulary, by_stem,
                    max((len(k) for k in phrases), default=0), first or "")


def _builtin_type(name: str) -> SlotType:
    vocabulary = builtin_slots.VOCABULARY if name in builtin_slots.PARSERS else frozenset()
    if name == "AMAZON.TIME":
        vocabulary = vocabulary | builtin_slots.TIME_VOCABULARY
    return SlotType(name, {}, vocabulary, {}, 0, builtin_slots.TYPICAL_VALUES.get(name, "something"))


def _specificity(intent_stems: dict[str, frozenset]) -> dict[str, float]:
    """1.0 for a stem used by one intent, falling (to 0.2) as more intents use it."""
    count = max(2, sum(1 for stems in intent_stems.values() if stems))
    frequency: dict[str, int] = {}
    for stems in intent_stems.values():
        for token_stem in stems:
            frequency[token_stem] = frequency.get(token_stem, 0) + 1
    return {token_stem: max(MIN_SPECIFICITY, min(1.0, math.log(count / n) / math.log(count) + 0.25))
            for token_stem, n in frequency.items()}


def compile_model(document: dict, locale: str = "", path: str = "") -> Model:
    """Compile an ASK interaction model document (the JSON as a dict)."""
    language = document["interactionModel"]["languageModel"]
    types = {t["name"]: _compile_type(t) for t in language.get("types", [])}
    intents: dict[str, dict[str, str]] = {}
    samples: list[Sample] = []
    for intent in language.get("intents", []):
        name = intent["name"]
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", []) or []}
        intents[name] = slot_types
        for slot_type in slot_types.values():
            if slot_type not in types:
                types[slot_type] = _builtin_type(slot_type)
        own = list(intent.get("samples", []) or [])
        for text in own:
            samples.append(_compile_sample(name, text, slot_types, built_in=False))
        known = {tokenise(text).tokens for text in own}
        for text in BUILT_IN_PHRASES.get(name, []):
            if tokenise(text).tokens not in known:
                samples.append(_compile_sample(name, text, slot_types, built_in=True))
    intent_stems: dict[str, set] = {name: set() for name in intents}
    for sample in samples:
        intent_stems[sample.intent].update(stem(t) for t in sample.literals)
    literal_vocabulary = frozenset(t for sample in samples for t in sample.literals)
    vocabulary = set(literal_vocabulary)
    for slot_type in types.values():
        vocabulary |= slot_type.vocabulary
    sensitivity = (language.get("modelConfiguration", {}).get("fallbackIntentSensitivity", {})
                   .get("level", "LOW")).upper()
    model = Model(
        locale=locale, path=path,
        invocation=tokenise(language.get("invocationName", "")).tokens,
        intents=intents, samples=samples, types=types,
        sensitivity=sensitivity if sensitivity in LENIENT.thresholds else "LOW",
        literal_vocabulary=literal_vocabulary, vocabulary=frozenset(vocabulary),
        intent_stems={name: frozenset(stems) for name, stems in intent_stems.items()},
        specificity=_specificity(intent_stems),
    )
    for sample in samples:
        sample.weight = sum(model.weight(t) for t in sample.items if isinstance(t, str))
        slot_types = intents[sample.intent]
        sample.missable = tuple(
            item if isinstance(item, str) else (slot_types[sample.slots[item]],)
            for item in sample.items
            if isinstance(item, str) or slot_types[sample.slots[item]] in builtin_slots.PARSERS)
    model.groups = _group_samples(samples)
    model.whole_intents = _whole_intents(model.groups)
    for index, group in enumerate(model.groups):
        model.intent_groups[group.intent] = model.intent_groups.get(group.intent, ()) + (index,)
    return model


class ModelError(ValueError):
    """A models folder or model file that cannot be read; the message says which and why."""


def model_path(locale: str, models_dir: str) -> str:
    return os.path.join(models_dir, f"{locale}.json")


def available_locales(models_dir: str) -> list[str]:
    """The locales of the ``<locale>.json`` models in ``models_dir``."""
    try:
        names = os.listdir(models_dir)
    except OSError as error:
        raise ModelError(f"cannot read the models folder {models_dir}: {error.strerror}") from None
    return sorted(name[:-5] for name in names if name.endswith(".json"))


_cache: dict[tuple[str, float], Model] = {}


def load_model(locale: str, models_dir: str, matcher: Matcher = CALIBRATED) -> Model:
    """The compiled model for ``locale`` in ``models_dir``, compiled once per file version."""
    path = model_path(locale, models_dir)
    try:
        key = (os.path.abspath(path), os.path.getmtime(path))
        model = _cache.get(key)
        if model is None:
            with open(path, "rb") as handle:
                data = handle.read()
            model = compile_model(json.loads(data.decode("utf-8")), locale=locale, path=path)
            model.digest = hashlib.sha256(data).hexdigest()
            _cache[key] = model
    except OSError as error:
        raise ModelError(f"cannot read the model {path}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ModelError(f"{path} is not an interaction model: {error}") from None
    return model.with_matcher(matcher)


# ---------------------------------------------------------------- understanding

@dataclass
class SlotFill:
    name: str
    type: str
    #: What goes in the slot's ``value``: the words heard, or the built-in conversion.
    value: str
    heard: str
    #: [(canonical name, id)] when entity resolution matched; [] for NO_MATCH; None for built-ins.
    matches: list[tuple[str, str | None]] | None = None


@dataclass
class Match:
    intent: str
    score: float
    sample: Sample | None = None
    fills: dict[str, SlotFill] = field(default_factory=dict)


@dataclass
class Understanding:
    """What Alexa made of one utterance: the intent, its slots, and how sure it was."""

    utterance: str
    intent: str
    score: float
    sample: str | None
    slots: dict[str, dict]
    fills: dict[str, SlotFill]
    alternatives: list[tuple[str, float, str]]

    def intent_request(self) -> dict:
        return {"type": "IntentRequest", "intent": {
            "name": self.intent, "confirmationStatus": "NONE", "slots": self.slots}}


#: How many span entries a model keeps (``_SpanTable``) before it starts again.
SPAN_COSTS_SIZE = 200_000


class _SpanTable:
    """Per utterance reading: what each slot type can read from each span, and at what cost."""

    def __init__(self, model: Model, tokens: Tokens, today: datetime.date):
        self.model = model
        self.tokens = tokens
        self.today = today
        self._by_type: dict[str, dict[tuple[int, int], tuple[float, object]]] = {}
        self._from: dict[str, list[list[tuple[int, float]]]] = {}

    def spans(self, type_name: str) -> dict[tuple[int, int], tuple[float, object]]:
        table = self._by_type.get(type_name)
        if table is None:
            table = self._by_type[type_name] = self._build(type_name)
        return table

    def spans_from(self, type_name: str) -> list[list[tuple[int, float]]]:
        """Per start position, the (end, cost) of each span a slot of this type can take, in order."""
        found = self._from.get(type_name)
        if found is None:
            n = len(self.tokens.tokens)
            found = [[] for _ in range(n + 1)]
            for (start, end), (cost, _) in sorted(self.spans(type_name).items()):
                if 0 <= start < end <= n:
                    found[start].append((end, cost))
            self._from[type_name] = found
        return found

    def _build(self, type_name):
        tokens = self.tokens.tokens
        model = self.model
        slot_type = model.types[type_name]
        parser = builtin_slots.PARSERS.get(type_name)
        table = {}
        if parser is not None:
            for span, value in parser(tokens, self.today).items():
                table[span] = (0.0, value)
            return table
        n = len(tokens)
        absorb = [model.absorb_weight(t, slot_type) for t in tokens]
        base = model.matcher.wildcard_base
        # A span's entry depends on its own words alone (``_nearest_phrase`` measures from its
        # first word and no further than its last), so each is worked out once per model:
        # other utterances with the same words in a span take it.
        known = model._span_costs
        if len(known) > SPAN_COSTS_SIZE:
            known.clear()
        for start in range(n):
            distances = None
            for end in range(start + 1, min(n, start + model.matcher.longest_slot) + 1):
                words = tokens[start:end]
                entry = known.get((type_name, words))
                if entry is None:
                    if distances is None:
                        distances = _PhraseDistances(model, tokens[start:start + slot_type.longest + 2])
                    entry = known[(type_name, words)] = self._span_entry(
                        slot_type, words, base, sum(absorb[start:end]), distances)
                table[(start, end)] = entry
        return table

    def _span_entry(self, slot_type: SlotType, words: tuple[str, ...], base: float, absorbed: float,
                    distances: "_PhraseDistances") -> tuple[float, list]:
        """(cost, resolution) of reading ``words`` into a slot of ``slot_type``."""
        cost = base + absorbed
        resolution = []
        if slot_type.is_custom:
            exact = slot_type.phrases.get(words)
            if exact:
                return (0.0, list(exact))
            if len(words) <= slot_type.longest + 2 and self._edges_near(slot_type, words):
                # A value further than this changes neither the cost nor the resolution.
                limit = max(RESOLVE_DISTANCE, absorbed)
                distance, nearest = _nearest_phrase(self.model, slot_type, words, distances, limit)
                if nearest is not None:
                    if distance <= RESOLVE_DISTANCE:
                        resolution = list(slot_type.phrases[nearest])
                        cost = min(cost, distance)
                    else:
                        cost = min(cost, base + distance)
        return (cost, resolution)

    def _edges_near(self, slot_type: SlotType, words: tuple[str, ...]) -> bool:
        """Whether a span starts and ends with words close to the type's values."""
        for token in (words[0], words[-1]):
            if not self.model.near_type(slot_type, token):
                return False
        return True


def _nearest_phrase(model: Model, slot_type: SlotType, words: tuple[str, ...],
                    distances: "_PhraseDistances", limit: float = math.inf):
    """(distance, phrase) of the value or synonym nearest to ``words``, among those sharing a
    word and no further than ``limit`` ((None, None) if there is none).

    ``distances`` measures from the first of ``words``; ties go to the first phrase in order.
    """
    phrases, pairs, _ = model.phrase_table(slot_type)
    candidates = set()
    for token in words:
        candidates.update(model.phrases_near(slot_type, token))
    heard = distances.heard(model, len(words)).get
    best, nearest = None, None
    for number in sorted(candidates):
        # A value whose words cost, even at their nearest, more than the answer so far is
        # not measured: each of its words is deleted or heard as an unrelated word (at least
        # its weight), or heard as a word near it (``heard``). (Inlined: the hottest loop.)
        bound = 0.0
        for token, least in pairs[number]:
            cost = heard(token, least)
            bound += cost if cost < least else least
        if bound - BOUND_MARGIN > (limit if best is None else best):
            continue
        key = phrases[number]
        distance = distances.to(key, len(words), limit if best is None else best)
        if distance <= limit and (best is None or distance < best):
            best, nearest = distance, key
    return best, nearest


@lru_cache(maxsize=65536)
def _plain_weights(words: tuple[str, ...]) -> tuple[float, ...]:
    return tuple(base_weight(t) for t in words)


#: What a bound must exceed a limit by to skip work: float sums in another order than the
#: distance's own never skip a value that reaches the limit.
BOUND_MARGIN = 1e-9


@lru_cache(maxsize=65536)
def _least_costs(value: tuple[str, ...]) -> tuple[float, ...]:
    """The least each word of a slot value costs in ``_PhraseDistances`` when no word heard
    is near it: deleted (its weight) or heard as an unrelated word (at least as much)."""
    return tuple(min(1.0, UNRELATED_FACTOR) * weight for weight in _plain_weights(value))


class _PhraseDistances:
    """Weighted edit distances (plain word weights) from the words heard after one position
    to slot values: row ``i`` of each value's table is its distance from the first ``i``
    words, so the spans from that position share the rows and each is worked out once."""

    def __init__(self, model: "Model", said: tuple[str, ...]):
        self.said = said
        self.said_weights = _plain_weights(said)
        #: Per word heard, the model's words it could be heard as (``Model.near``): a value's
        #: words are the model's, so this is ``substitution`` for them, looked up.
        self.said_near = [model.near(token) for token in said]
        #: value -> [last row, distance from the first 1, 2, ... words]
        self._rows: dict[tuple[str, ...], list] = {}
        #: Model word -> the least cost of hearing one of the first ``self._heard_from``
        #: words as it (``heard``).
        self._heard: dict[str, float] = {}
        self._heard_from = 0

    def heard(self, model: "Model", length: int) -> dict[str, float]:
        """Model word -> the least cost of hearing one of the first ``length`` words as it."""
        if self._heard_from != length:
            if self._heard_from > length:
                self._heard, self._heard_from = {}, 0
            heard = self._heard
            for token in self.said[self._heard_from:length]:
                for other, cost in model.near(token).items():
                    known = heard.get(other)
                    if known is None or cost < known:
                        heard[other] = cost
            self._heard_from = length
        return self._heard

    def to(self, value: tuple[str, ...], length: int, limit: float = math.inf) -> float:
        """The distance from the first ``length`` words to ``value``; inf when it is certainly
        above ``limit`` (no row of the table has a smaller entry than the rows before it)."""
        state = self._rows.get(value)
        if state is None:
            row = [0.0]
            for weight in _plain_weights(value):
                row.append(row[-1] + weight)
            state = self._rows[value] = [row, [], 0.0]
        row, found, least = state
        if len(found) < length:
            value_weights = _plain_weights(value)
            for i in range(len(found), length):
                if least > limit:
                    return math.inf
                said_near, said_weight = self.said_near[i].get, self.said_weights[i]
                previous = row[0] + said_weight
                new = [previous]
                least = previous
                for k, value_token in enumerate(value):
                    value_weight = value_weights[k]
                    kept, skipped = row[k + 1] + said_weight, previous + value_weight
                    best = skipped if skipped < kept else kept
                    sub = said_near(value_token)
                    if sub is None:
                        sub = UNRELATED_FACTOR * max(said_weight, value_weight)
                    swapped = row[k] + sub
                    previous = swapped if swapped < best else best
                    new.append(previous)
                    if previous < least:
                        least = previous
                row = state[0] = new
                found.append(row[-1])
                state[2] = least
        return found[length - 1]


class _Reading:
    """One reading of the utterance, with what every sample comparison shares."""

    def __init__(self, model: Model, tokens: Tokens, today: datetime.date):
        self.model = model
        self.tokens = tokens
        self.token_set = frozenset(tokens.tokens)
        self.weights = [model.weight(t) for t in tokens.tokens]
        self.weight = sum(self.weights)
        self.stems = [stem(t) for t in tokens.tokens]
        self.table = _SpanTable(model, tokens, today)
        self.near = {token: model.near(token) for token in self.token_set}
        #: Model token -> [(utterance position, cost)] of the utterance words it could be heard as.
        self.heard_as: dict[str, list[tuple[int, float]]] = {}
        for index, token in enumerate(tokens.tokens):
            for other, cost in self.near[token].items():
                self.heard_as.setdefault(other, []).append((index, cost))
        self._literal_bounds: dict[str, float] = {}
        self._insert_costs: dict[str, list[float]] = {}
        self._word_bounds: dict[tuple, list[float]] = {}
        self._slots_bounds: dict[tuple, list[float]] = {}
        self._half_word_bounds: dict[str, list[float]] = {}
        self._half_literal_bounds: dict[str, float] = {}
        self._slot_bounds: dict[tuple, list[float]] = {}
        self._substitutions: dict[str, list[float]] = {}
        self.no_slot_bounds = [math.inf] * len(self.weights)
        self._slot_changes: dict[tuple, float] = {}
        self._slot_shares: dict[tuple, tuple[list[float], list[float]]] = {}
        self.missing_costs: dict[object, float] = {}

    def insert_costs(self, intent: str) -> list[float]:
        """What each word costs when the sample leaves it out: less if the intent uses it elsewhere."""
        costs = self._insert_costs.get(intent)
        if costs is None:
            stems = self.model.intent_stems.get(intent, frozenset())
            unknown = self.model.matcher.unknown_insert
            vocabulary = self.model.vocabulary
            costs = [w * (INTENT_WORD_FACTOR if token_stem in stems
                          else 1.0 if token in vocabulary else unknown)
                     for w, token_stem, token in zip(self.weights, self.stems, self.tokens.tokens, strict=True)]
            self._insert_costs[intent] = costs
        return costs

    def word_bounds(self, intent: str, slot_names: tuple[str, ...] = ()) -> list[float]:
        """The least each utterance word can cost against a sample of ``intent`` with these
        slots that has neither the word nor one near it: inserted, heard as an unrelated
        word, or (with ``slot_names``) read into one of the slots."""
        key = (intent, slot_names)
        found = self._word_bounds.get(key)
        if found is None:
            if slot_names:
                found = [min(a, b) for a, b in zip(self.word_bounds(intent),
                                                   self.slots_bounds(intent, slot_names), strict=True)]
            else:
                found = [min(inserted, UNRELATED_FACTOR * weight)
                         for inserted, weight in zip(self.insert_costs(intent), self.weights, strict=True)]
            self._word_bounds[key] = found
        return found

    def slots_bounds(self, intent: str, slot_names: tuple[str, ...], exact: bool = False) -> list[float]:
        """The least each utterance word can cost inside any of these slots (inf: none takes it)."""
        key = (intent, slot_names, exact)
        found = self._slots_bounds.get(key)
        if found is None:
            slot_types = self.model.intents[intent]
            found = [math.inf] * len(self.weights)
            for type_name in {slot_types[name] for name in slot_names}:
                found = [min(a, b) for a, b in zip(found, self.slot_bounds(type_name, exact), strict=True)]
            self._slots_bounds[key] = found
        return found

    def slot_bounds(self, type_name: str, exact: bool = False) -> list[float]:
        """The least each utterance word can cost inside a slot of this type (inf: it cannot be).

        For a built-in grammar, ``_lower_bound`` (which orders the search, and must stay as
        it is) takes the grammar's words and digits; ``exact`` takes the words its spans
        cover ("pm" is a word of AMAZON.TIME only), as a bound that may skip a sample must.
        """
        key = (type_name, exact)
        found = self._slot_bounds.get(key)
        if found is None:
            slot_type = self.model.types[type_name]
            found = []
            covered = set()
            if exact and slot_type.is_builtin_grammar:
                for start, end in self.table.spans(type_name):
                    covered.update(range(start, end))
            for index, token in enumerate(self.tokens.tokens):
                if exact and slot_type.is_builtin_grammar:
                    bound = 0.0 if index in covered else math.inf
                elif slot_type.is_builtin_grammar:
                    # AMAZON.TIME's own words ("pm", "noon") too: without them the bound said
                    # "the four pm one" cost at least "pm"'s weight against "the {time} one",
                    # which it matches exactly, and the search stopped before aligning it.
                    grammar_word = (token in builtin_slots.VOCABULARY
                                    or (slot_type.name == "AMAZON.TIME" and token in builtin_slots.TIME_VOCABULARY))
                    bound = 0.0 if grammar_word or token[:1].isdigit() else math.inf
                elif token in slot_type.vocabulary:
                    bound = 0.0
                else:
                    bound = self.model.absorb_weight(token, slot_type)
                    if exact:  # a word near no value, read against one of them
                        bound = min(bound, base_weight(token), UNRELATED_FACTOR * base_weight(token))
                    for other, cost in self.near[token].items():
                        if cost < bound and other in slot_type.vocabulary:
                            bound = cost
                found.append(bound)
            self._slot_bounds[key] = found
        return found

    def substitutions(self, literal: str) -> list[float]:
        """What hearing each utterance word where a sample has ``literal`` costs."""
        found = self._substitutions.get(literal)
        if found is None:
            literal_weight = self.model.weight(literal)
            found = []
            # A sample's word is the model's: ``near`` holds what ``substitution`` gives for it.
            for word, weight in zip(self.tokens.tokens, self.weights, strict=True):
                sub = self.near[word].get(literal)
                found.append(UNRELATED_FACTOR * max(weight, literal_weight) if sub is None else sub)
            self._substitutions[literal] = found
        return found

    def half_word_bounds(self, intent: str) -> list[float]:
        """``word_bounds`` without slots, with an unrelated word's cost split between the pair."""
        found = self._half_word_bounds.get(intent)
        if found is None:
            found = self._half_word_bounds[intent] = [
                min(inserted, UNRELATED_FACTOR * weight / 2.0)
                for inserted, weight in zip(self.insert_costs(intent), self.weights, strict=True)]
        return found

    def least_slot_change(self, intent: str, type_name: str, spare: float) -> float:
        """The least a slot of this type adds to ``half_word_bounds``, less ``spare`` x the
        weight of its span: empty, or one span at its cost in place of its words' bounds."""
        key = (intent, type_name, spare)
        found = self._slot_changes.get(key)
        if found is None:
            # Each word's share, worked out once for all the spans over it, and their running
            # sums: a span whose sum of shares, taken from them, leaves it clearly above the
            # least so far is passed over; the others are worked out word by word, as always.
            found = self._slot_shares.get((intent, spare))
            if found is None:
                shares = [half + spare * weight
                          for half, weight in zip(self.half_word_bounds(intent), self.weights, strict=True)]
                running = [0.0]
                for share in shares:
                    running.append(running[-1] + share)
                found = self._slot_shares[(intent, spare)] = (shares, running)
            shares, running = found
            found = EMPTY_SLOT_COST
            for (start, end), (cost, _) in self.table.spans(type_name).items():
                if cost - (running[end] - running[start]) - BOUND_MARGIN >= found:
                    continue
                change = cost
                for index in range(start, end):
                    change -= shares[index]
                if change < found:
                    found = change
            self._slot_changes[key] = found
        return found

    def half_literal_bound(self, literal: str) -> float:
        """``literal_bound`` with a substitution's cost split between the pair."""
        found = self._half_literal_bounds.get(literal)
        if found is None:
            weight = self.model.weight(literal)
            found = min(weight, UNRELATED_FACTOR * weight / 2.0)
            for token in self.token_set:
                cost = self.near[token].get(literal)
                if cost is not None and cost / 2.0 < found:
                    found = cost / 2.0
            self._half_literal_bounds[literal] = found
        return found

    def missing_cost(self, item) -> float:
        """What a sample's word (or built-in slot, ``(type name,)``) costs ``_missing_bound``."""
        if isinstance(item, str):
            cost = 0.0 if item in self.token_set else self.literal_bound(item)
        else:
            cost = 0.0 if self.table.spans(item[0]) else EMPTY_SLOT_COST
        self.missing_costs[item] = cost
        return cost

    def literal_bound(self, literal: str) -> float:
        """The least a sample word the utterance lacks can cost (deleted or heard as another)."""
        found = self._literal_bounds.get(literal)
        if found is None:
            found = min(self.model.weight(literal), UNRELATED_FACTOR * self.model.weight(literal))
            for token in self.token_set:
                cost = self.near[token].get(literal)
                if cost is not None and cost < found:
                    found = cost
            self._literal_bounds[literal] = found
        return found


def _align(sample: Sample, reading: _Reading, model: Model):
    """Minimum cost of reading the utterance as ``sample``, with the slot spans chosen.

    ``cost[k][i]``: the least cost of reading the first ``i`` words as the first
    ``k`` items of the sample. Ties keep the first step tried (insert, delete,
    match, empty slot, slot span), so the same slot spans always come out.
    """
    words = reading.tokens.tokens
    table = reading.table
    n, m = len(words), len(sample.items)
    infinity = float("inf")
    cost = [[infinity] * (n + 1) for _ in range(m + 1)]
    back = [[None] * (n + 1) for _ in range(m + 1)]
    cost[0][0] = 0.0
    insert = reading.insert_costs(sample.intent)
    slot_types = model.intents[sample.intent]
    for k in range(m + 1):
        item = sample.items[k] if k < m else None
        column, column_back = cost[k], back[k]
        if item is None:
            for i in range(1, n + 1):
                inserted = column[i - 1] + insert[i - 1]
                if inserted < column[i]:
                    column[i] = inserted
                    column_back[i] = ("insert", i - 1, k)
            break
        following, following_back = cost[k + 1], back[k + 1]
        if isinstance(item, str):
            item_weight = model.weight(item)
            subs = reading.substitutions(item)
            for i in range(n + 1):
                here = column[i]
                if i > 0:
                    inserted = column[i - 1] + insert[i - 1]
                    if inserted < here:
                        here = column[i] = inserted
                        column_back[i] = ("insert", i - 1, k)
                if here == infinity:
                    continue
                deleted = here + item_weight
                if deleted < following[i]:
                    following[i] = deleted
                    following_back[i] = ("delete", i, k)
                if i < n:
                    matched = here + subs[i]
                    if matched < following[i + 1]:
                        following[i + 1] = matched
                        following_back[i + 1] = ("match", i, k)
        else:
            spans_from = table.spans_from(slot_types[sample.slots[item]])
            for i in range(n + 1):
                here = column[i]
                if i > 0:
                    inserted = column[i - 1] + insert[i - 1]
                    if inserted < here:
                        here = column[i] = inserted
                        column_back[i] = ("insert", i - 1, k)
                if here == infinity:
                    continue
                empty = here + EMPTY_SLOT_COST
                if empty < following[i]:
                    following[i] = empty
                    following_back[i] = ("empty", i, k)
                for j, span_cost in spans_from[i]:
                    total = here + span_cost
                    if total < following[j]:
                        following[j] = total
                        following_back[j] = ("slot", i, k)
    weights = reading.weights
    fills = {}
    span_weight = 0.0
    i, k = n, m
    while (i, k) != (0, 0):
        step = back[k][i]
        if step is None:
            break
        kind, previous_i, previous_k = step
        if kind == "slot":
            span_weight += sum(weights[previous_i:i])
            slot_name = sample.slots[sample.items[previous_k]]
            type_name = slot_types[slot_name]
            entry = table.spans(type_name)[(previous_i, i)]
            heard = reading.tokens.surface(previous_i, i)
            if type_name in builtin_slots.PARSERS:
                fills[slot_name] = SlotFill(slot_name, type_name, entry[1], heard, None)
            else:
                fills[slot_name] = SlotFill(slot_name, type_name, heard, heard, list(entry[1]))
        i, k = previous_i, previous_k
    return cost[m][n], fills, span_weight


def _missing_bound(sample: Sample, reading: _Reading, model: Model) -> float:
    """The least the sample's own words and slots that the utterance lacks can cost."""
    missing = 0.0
    costs = reading.missing_costs
    for item in sample.missable:
        cost = costs.get(item)
        if cost is None:
            cost = reading.missing_cost(item)
        if cost:
            missing += cost
    return missing


def _near_sample(bounds: list[float], sample: Sample, reading: _Reading) -> list[float]:
    """``bounds`` lowered where an utterance word is a word of the sample (cost 0: every
    literal is near itself) or near one."""
    lowered = None
    heard_as = reading.heard_as
    for literal in sample.literals:
        for index, cost in heard_as.get(literal, ()):
            if cost < bounds[index]:
                if lowered is None:
                    lowered = bounds = list(bounds)
                bounds[index] = cost
    return bounds


def _lower_bound(sample: Sample, reading: _Reading, model: Model) -> float:
    """An optimistic (never too high) bound on ``_align``'s cost, from bags of words.

    Every sample word the utterance lacks costs at least its nearest
    substitute or its deletion; every utterance word the sample lacks costs at
    least its nearest substitute, its insertion, or what a slot would charge.
    A substitution is shared by both sides, so the larger sum is the bound.
    """
    missing = _missing_bound(sample, reading, model)
    extra = 0.0
    for bound in _near_sample(reading.word_bounds(sample.intent, sample.slots), sample, reading):
        extra += bound
    return max(missing, extra)


def _cannot_beat(score: float, sample: Sample, reading: _Reading, model: Model) -> bool:
    """Whether ``sample`` certainly scores no more than ``score``, by sharper bounds than
    ``_lower_bound``'s (which orders the search and must stay as it is).

    Both weigh the words a slot takes into the score as ``_score`` does: with
    ``spare = (1 - score) / 2``, the score is at most ``score`` when ``cost - spare x span
    weight`` reaches ``spare x`` the other weights. One is ``_lower_bound``'s words of the
    utterance. The other counts both sides at once: a substitution's cost is split
    between the two words it pairs (an unrelated pair costs at least half of each
    weight), and each slot takes one span of the table at its cost, or stays empty.
    """
    spare = (1.0 - score) / 2.0
    if spare <= 0.0:
        return False
    # Any one bound reaching this settles it: the cheapest are tried first.
    enough = spare * (reading.weight + sample.weight)
    if _missing_bound(sample, reading, model) - spare * reading.weight >= enough:
        return True
    weights = reading.weights
    in_slots = (reading.slots_bounds(sample.intent, sample.slots, exact=True) if sample.slots
                else reading.no_slot_bounds)
    extra = 0.0
    for outside, inside, weight in zip(_near_sample(reading.word_bounds(sample.intent), sample, reading),
                                       in_slots, weights, strict=True):
        extra += min(outside, inside - spare * weight)
    if extra >= enough:
        return True
    both = 0.0
    halves = reading.half_word_bounds(sample.intent)
    heard_as = reading.heard_as
    lowered = None
    for literal in sample.literals:
        for index, cost in heard_as.get(literal, ()):
            if cost / 2.0 < halves[index]:
                if lowered is None:
                    lowered = halves = list(halves)
                halves[index] = cost / 2.0
    for half in halves:
        both += half
    slot_types = model.intents[sample.intent]
    for item in sample.items:
        if isinstance(item, str):
            if item not in reading.token_set:
                both += reading.half_literal_bound(item)
        else:
            both += reading.least_slot_change(sample.intent, slot_types[sample.slots[item]], spare)
    return both >= enough


def _group_bound(group: "SampleGroup", reading: _Reading) -> float:
    """A score no sample of ``group`` can have ``_lower_bound``'s score above: its per-word
    bound with every word of the group's samples at once, against the heaviest of them."""
    bounds = reading.word_bounds(group.intent, group.slots)
    lowered = None
    heard_as = reading.heard_as
    literals = group.literals
    # The words both sides share, from whichever side is shorter (an intent's words are many).
    if len(literals) > len(heard_as):
        shared = [positions for word, positions in heard_as.items() if word in literals]
    else:
        shared = [heard_as[literal] for literal in literals if literal in heard_as]
    for positions in shared:
        for index, cost in positions:
            if cost < bounds[index]:
                if lowered is None:
                    lowered = bounds = list(bounds)
                bounds[index] = cost
    extra = 0.0
    for bound in bounds:
        extra += bound
    total = reading.weight + group.weight + (reading.weight if group.slots else 0.0)
    if total <= 0:
        return 0.0
    return max(0.0, 1.0 - 2.0 * extra / total)


def _score(cost: float, utterance_weight: float, sample: Sample, span_weight: float) -> float:
    """1 - 2 x cost / (weight of the utterance + weight of the sample's words and slot spans)."""
    total = utterance_weight + sample.weight + span_weight
    if total <= 0:
        return 0.0
    return max(0.0, 1.0 - 2.0 * cost / total)


def _readings(tokens: Tokens) -> list[Tokens]:
    """The utterance, its spoken-number variants, and each with a polite opening removed."""
    readings = []
    for variant in spoken_variants(tokens):
        readings.append(variant)
        words = variant.tokens
        start = 0
        while start < len(words) and words[start] in FILLERS:
            start += 1
        for opening in POLITE_OPENINGS:
            if words[start:start + len(opening)] == opening and start + len(opening) < len(words):
                readings.append(sub_tokens(variant, start + len(opening), len(words)))
    return readings


#: How far below the ``keep``-th best score a sample must be proved to stay to be skipped.
FLOOR_MARGIN = 1e-4


def _readings_of(model: Model, tokens: Tokens, today: datetime.date) -> "list[_Reading]":
    """What every sample comparison shares, for each reading of the utterance."""
    return [_Reading(model, variant, today) for variant in _readings(tokens) if variant.tokens]


def best_matches(model: Model, tokens: Tokens, today: datetime.date, keep: int = 1,
                 exclude: Sample | None = None, only: str | None = None,
                 other_than: str | None = None, at_least: float = 0.0,
                 readings: "list[_Reading] | None" = None) -> list[Match]:
    """The best ``keep`` intents for ``tokens`` (one match per intent), best first.

    ``exclude``: a sample to leave out (calibration holds each sample out in turn).
    ``only`` / ``other_than``: the samples of that intent alone / of every other intent.
    ``at_least``: only scores from this up matter; a sample whose bound proves it stays
    below is never aligned (matches below it may still be returned).
    ``readings``: ``_readings_of(model, tokens, today)``, when a caller searches twice.
    """
    found: dict[str, Match] = {}
    # Samples are aligned best bound first, in three levels: an intent's bound (all its
    # samples at once) is never below any of its groups', nor a group's below any of its
    # samples'; an intent's groups are bound only when the intent comes up, and a group's
    # samples only when the group does, so the order is exactly that of every sample's
    # bound, sorted. Anything bound below ``at_least`` would never come up before the search
    # stops, so it never enters the queue.
    queue = []
    intents = list(model.whole_intents.items())
    for number, reading in enumerate(readings or _readings_of(model, tokens, today)):
        for index, (intent, whole) in enumerate(intents):
            if (only is not None and intent != only) or intent == other_than:
                continue
            bound = _group_bound(whole, reading)
            if bound >= at_least:
                queue.append((-bound, number, -2, index, reading))
    heapq.heapify(queue)
    floor = at_least
    while queue:
        negative_bound, number, order, sample, reading = heapq.heappop(queue)
        if -negative_bound < floor or -negative_bound <= 0.0:
            break
        if order == -2:
            for index in model.intent_groups[intents[sample][0]]:
                bound = _group_bound(model.groups[index], reading)
                if bound >= at_least:
                    heapq.heappush(queue, (-bound, number, -1, index, reading))
            continue
        if order < 0:
            for order in model.groups[sample].orders:
                member = model.samples[order]
                if member is exclude:
                    continue
                bound = _lower_bound(member, reading, model)
                most_spanned = reading.weight if member.slots else 0.0
                heapq.heappush(queue, (-_score(bound, reading.weight, member, most_spanned),
                                       number, order, member, reading))
            continue
        current = found.get(sample.intent)
        if current is not None and current.score >= -negative_bound:
            continue
        # A sharper bound skips samples that cannot change the answer: one that cannot beat
        # its intent's match so far, or that stays clearly below the ``keep``-th best intent
        # (such an intent never reaches the answer, whatever its own match; the margin
        # keeps the ``1e-9`` comparisons above exactly as they would be without skipping).
        beat = current.score if current is not None else -1.0
        if len(found) >= keep or at_least > 0.0:
            beat = max(beat, floor - FLOOR_MARGIN)
        if beat >= 0.0 and _cannot_beat(beat, sample, reading, model):
            continue
        cost, fills, span_weight = _align(sample, reading, model)
        score = _score(cost, reading.weight, sample, span_weight)
        if current is None or score > current.score + 1e-9:
            found[sample.intent] = Match(sample.intent, score, sample, fills)
            # The ``keep``-th best score so far (or ``at_least``): below it nothing matters.
            ranked = sorted((m.score for m in found.values()), reverse=True)
            floor = max(at_least, ranked[keep - 1] if len(ranked) >= keep else 0.0)
    order_of = {name: index for index, name in enumerate(model.intents)}
    ranked = sorted(found.values(), key=lambda m: (-round(m.score, 9), order_of.get(m.intent, 0)))
    return ranked[:keep]


def _slot_dicts(model: Model, intent: str, fills: dict[str, SlotFill]) -> dict[str, dict]:
    slots = {}
    for name, type_name in model.intents.get(intent, {}).items():
        fill = fills.get(name)
        if fill is None:
            slots[name] = build_slot(name)
        elif fill.matches is None:
            slots[name] = build_slot(name, fill.value)
        elif fill.matches:
            slots[name] = build_slot(name, fill.value, type_name=type_name,
                                     matches=[(n, i) for n, i in fill.matches])
        else:
            slots[name] = build_slot(name, fill.value, type_name=type_name, no_match=True)
    return slots


#: Understandings already worked out: (model, tokens, today, alternatives, matcher) -> result.
#: ``understand`` is a pure function of those; a model is one version of its file
#: (``load_model`` compiles a new one when the file changes), so no entry outlives its file.
_understood: "OrderedDict[tuple, Understanding]" = OrderedDict()
UNDERSTOOD_CACHE_SIZE = 8192


def clear_understanding_cache() -> None:
    _understood.clear()


class SharedUnderstandings:
    """Understandings kept as files in one folder, for processes that understand the same
    utterances at once (the test suite's pytest-xdist workers: ``share_understandings``).

    An entry is named by a hash of the model file's bytes, its locale, the matcher's name,
    the words, the date and the number of alternatives: everything ``understand`` depends on
    besides this module's code, which the processes sharing a folder run the same version of.
    A file is written whole under another name and then renamed, so a reader sees all of it
    or nothing; anything unreadable is worked out afresh.
    """

    def __init__(self, folder: str):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    def _path(self, key: tuple) -> str:
        return os.path.join(self.folder, hashlib.sha256(repr(key).encode("utf-8")).hexdigest())

    def get(self, key: tuple) -> "Understanding | None":
        try:
            with open(self._path(key), "rb") as handle:
                stored_key, understanding = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            return None
        return understanding if stored_key == key else None

    def put(self, key: tuple, understanding: "Understanding") -> None:
        try:
            with tempfile.NamedTemporaryFile(dir=self.folder, delete=False, suffix=".part") as handle:
                pickle.dump((key, understanding), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, self._path(key))
        except OSError:
            pass  # only a shortcut: the next process works it out itself


#: The store shared with other processes, if any (``share_understandings``).
_shared: SharedUnderstandings | None = None


def share_understandings(folder: str | None) -> None:
    """Keep understandings in ``folder`` too, and take those other processes left there
    (None: stop). Only models read from a file (``load_model``) under a named matcher share.
    The folder must not outlive the model files' version of this module's code."""
    global _shared
    _shared = SharedUnderstandings(folder) if folder else None


def understand(model: Model, utterance, today: datetime.date | None = None,
               alternatives: int = 3, exclude: Sample | None = None) -> Understanding:
    """Resolve ``utterance`` (text or ``Tokens``, invocation already removed) to an intent.

    Remembered per model, words, date and named matcher (each caller gets its own copy);
    worked out afresh when a sample is held out or a candidate matcher is being tried.
    """
    tokens = utterance if isinstance(utterance, Tokens) else tokenise(utterance)
    today = today or datetime.date.today()
    matcher = model.matcher
    if exclude is not None or MATCHERS.get(matcher.name) is not matcher:
        return _understand(model, tokens, today, alternatives, exclude)
    key = (model, tokens.tokens, tokens.sources, tokens.words, today, alternatives, matcher.name)
    found = _understood.get(key)
    if found is None:
        shared, shared_key = _shared, None
        if shared is not None and model.digest:
            shared_key = (model.digest, model.locale, matcher.name, tokens.tokens, tokens.sources,
                          tokens.words, today.isoformat(), alternatives)
            found = shared.get(shared_key)
        if found is None:
            found = _understand(model, tokens, today, alternatives, None)
            if shared_key is not None:
                shared.put(shared_key, found)
        _understood[key] = found
        if len(_understood) > UNDERSTOOD_CACHE_SIZE:
            _understood.popitem(last=False)
    return copy.deepcopy(found)


def _understand(model: Model, tokens: Tokens, today: datetime.date, alternatives: int,
                exclude: Sample | None) -> Understanding:
    text = " ".join(tokens.words)
    matches = best_matches(model, tokens, today, keep=max(1, alternatives), exclude=exclude)
    others = [(m.intent, round(m.score, 3), m.sample.text) for m in matches]
    if not matches or matches[0].score < model.threshold:
        return Understanding(text, FALLBACK, round(matches[0].score, 3) if matches else 0.0,
                             None, {}, {}, others)
    best = matches[0]
    return Understanding(text, best.intent, round(best.score, 3), best.sample.text,
                         _slot_dicts(model, best.intent, best.fills), best.fills, others)


# ---------------------------------------------------------------- invocation phrasing

@dataclass
class Invocation:
    """How the utterance addressed the skill.

    ``kind``: "launch" ("open tide tables"), "one_shot" ("ask back spasm
    coach how should i lie down"; ``rest`` holds the question), "exit" ("exit",
    which Alexa turns into a SessionEndedRequest), or "none" (no invocation
    name; ``rest`` is the whole utterance).
    """

    kind: str
    rest: Tokens


_LAUNCH_VERBS = {"open", "launch", "start", "begin", "load", "run", "play", "use", "resume",
                 "enable"}
_ASK_VERBS = {"ask", "tell"}
_ASK_JOINERS = {"to", "for", "about", "if", "whether", "that"}
_TRAILING_JOINERS = {"using", "with", "from", "on", "in", "via", "through"}
_EXIT_WORDS = {("exit",), ("quit",), ("exit", "skill"), ("quit", "skill")}


def _find_invocation(words: Sequence[str], name: tuple[str, ...]):
    """(start, end) of the invocation name in ``words`` (a slip or two forgiven), or None."""
    size = len(name)
    if not size:
        return None
    for start in range(0, len(words) - size + 1):
        window = words[start:start + size]
        cost = 0.0
        for said, expected in zip(window, name, strict=False):
            sub = substitution(said, expected)
            if sub is None:
                cost = None
                break
            cost += sub
        if cost is not None and cost <= 0.5:
            return start, start + size
    return None


def parse_invocation(model: Model, tokens: Tokens) -> Invocation:
    words = list(tokens.tokens)
    start = 0
    while start < len(words) and words[start] in FILLERS:
        start += 1
    end = len(words)
    while end > start and words[end - 1] in FILLERS:
        end -= 1
    core = words[start:end]
    if tuple(core) in _EXIT_WORDS:
        return Invocation("exit", sub_tokens(tokens, end, end))
    found = _find_invocation(core, model.invocation)
    if found is None:
        return Invocation("none", tokens)
    name_start, name_end = found[0] + start, found[1] + start
    before = words[start:name_start]
    if before and before[-1] == "the":
        before = before[:-1]
    after = words[name_end:end]
    # "open tide tables", "talk to tide tables", "tide tables"
    if not after and (not before or (len(before) == 1 and before[0] in _LAUNCH_VERBS)
                      or before == ["talk", "to"] or before == ["speak", "to"]):
        return Invocation("launch", sub_tokens(tokens, end, end))
    # "ask tide tables to ...", "tell tide tables ...", "open tide tables and ..."
    if after and len(before) <= 2 and before and (
            before[-1] in _ASK_VERBS or before[-1] in _LAUNCH_VERBS or before[-2:] == ["talk", "to"]):
        rest_start = name_end
        if words[rest_start] in _ASK_JOINERS or words[rest_start] == "and":
            if rest_start + 1 < end:
                rest_start += 1
        return Invocation("one_shot", sub_tokens(tokens, rest_start, end))
    # "when is high tide using tide tables"
    if not after and len(before) >= 2 and before[-1] in _TRAILING_JOINERS:
        return Invocation("one_shot", sub_tokens(tokens, start, start + len(before) - 1))
    return Invocation("none", tokens)


# ---------------------------------------------------------------- model checks

def filled_sample(model: Model, sample: Sample, variant: int = 0) -> str:
    """``sample`` with each slot filled by one of its type's values (``variant`` picks which)."""
    pieces = []
    for item in sample.items:
        if isinstance(item, str):
            pieces.append(item)
        else:
            slot_type = model.types[model.intents[sample.intent][sample.slots[item]]]
            if slot_type.is_custom:
                values = sorted(slot_type.phrases)
                pieces.extend(values[variant % len(values)])
            else:
                pieces.append(slot_type.sample_value)
    return " ".join(pieces)


@dataclass
class Overlap:
    """A sample of ``intent`` that resolves to ``resolved`` instead, or only wins a tie."""

    locale: str
    intent: str
    sample: str
    utterance: str
    resolved: str
    score: float
    resolved_sample: str | None
    #: True when another intent scores exactly as well and only the model's order decides.
    tie: bool = False


class Contest(NamedTuple):
    """How one intent fares for an utterance against all the others."""

    #: The intent's own best match (None when none of its samples scores above 0).
    own: Match | None
    #: The best match of any other intent that could take the utterance or tie with it
    #: (scoring, to the three places ``Understanding`` reports, at least the intent's own).
    rival: Match | None


def contest(model: Model, utterance, intent: str, today: datetime.date | None = None) -> Contest:
    """``intent``'s best match for ``utterance``, and the best other intent that reaches it.

    The same answer as ``understand(..., alternatives=2)`` for the question "does this
    utterance go to ``intent`` alone?", found with the intent's own score as the floor
    from the start, so that other intents' samples a bound keeps below it are never
    aligned (``check_model`` asks this of every sample).
    """
    tokens = utterance if isinstance(utterance, Tokens) else tokenise(utterance)
    today = today or datetime.date.today()
    readings = _readings_of(model, tokens, today)
    own = best_matches(model, tokens, today, only=intent, readings=readings)
    own = own[0] if own and own[0].score > 0.0 else None
    own_score = round(own.score, 3) if own is not None else 0.0
    # A search floor just below anything that rounds (to three places) to the intent's score.
    rivals = best_matches(model, tokens, today, other_than=intent, readings=readings,
                          at_least=max(1e-9, own_score - 0.0005 - 1e-9))
    rival = rivals[0] if rivals and round(rivals[0].score, 3) >= own_score - 1e-9 else None
    return Contest(own, rival)


def sample_overlaps(model: Model, sample: Sample, utterance: str,
                    today: datetime.date | None = None) -> list[Overlap]:
    """Why ``utterance`` (``sample`` filled) does not resolve to the sample's intent alone:
    [] when it does; else what ``understand`` makes of it (another intent, FallbackIntent,
    or a tie that only the model's order decides)."""
    own, rival = contest(model, utterance, sample.intent, today)
    own_score = own.score if own is not None else 0.0
    order = {name: index for index, name in enumerate(model.intents)}
    rival_first = rival is not None and (
        round(rival.score, 9) > round(own_score, 9)
        or (round(rival.score, 9) == round(own_score, 9)
            and order.get(rival.intent, 0) < order.get(sample.intent, 0)))
    best = rival if rival_first else own
    best_score = best.score if best is not None else 0.0
    if best is None or best_score < model.threshold:
        return [Overlap(model.locale, sample.intent, sample.text, utterance, FALLBACK,
                        round(best_score, 3), None)]
    if rival_first:
        return [Overlap(model.locale, sample.intent, sample.text, utterance, rival.intent,
                        round(rival.score, 3), rival.sample.text)]
    if rival is not None:  # rounds to the intent's own score: only the order decides
        return [Overlap(model.locale, sample.intent, sample.text, utterance, rival.intent,
                        round(rival.score, 3), rival.sample.text, tie=True)]
    return []


def check_model(model: Model, today: datetime.date | None = None) -> list[Overlap]:
    """Every sample of the model, slots filled, that does not resolve to its own intent alone.

    Built-in intents' own phrases are checked too: a custom sample that ties with one
    ("the {which} one" against AMAZON.PreviousIntent's "the last one") takes it from them.
    """
    today = today or datetime.date.today()
    problems = []
    for sample in model.samples:
        problems += sample_overlaps(model, sample, filled_sample(model, sample), today)
    return problems
