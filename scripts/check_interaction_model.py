#!/usr/bin/env python3
"""Check interaction models (and the manifest's example phrases) against Alexa's rules, offline.

Amazon checks samples, slot values and synonyms when it *builds* a model, not when the
ASK CLI uploads it: a model that imports can still fail to build, and ``ask deploy`` stops
there, after the skill exists at Amazon. This script refuses such a model first.

    python3 scripts/check_interaction_model.py                    # interaction_models/*.json + the manifest
    python3 scripts/check_interaction_model.py path/to/en-US.json # one model, no manifest check
    python3 scripts/check_interaction_model.py --rules            # every rule and where it comes from

Every rule below names its source. "Amazon: <page>" means the rule is on that page of
Amazon's documentation; how its wording was read is said with it, because the team's
look-up tool shows only the opening of Amazon's pages (the rest was read where public
code or pages quote it, with the page's address). "platform-facts.md" means the team's
checked platform notes (``../shared/design/platform-facts.md``), which record observed
build failures. "Project" marks a rule this project adds because a model that breaks
it cannot work as written, although no Amazon page read here states it.

Standard library only (it runs before any virtual environment exists, from ``make
deploy``'s preflight and from the skill package build). Exit status 0 when every model
passes, 1 with one line per problem on stderr.
"""

import argparse
import json
import re
import sys
from collections import namedtuple
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODELS_DIR = ROOT / "interaction_models"
DEFAULT_MANIFEST = ROOT / "skill-package" / "skill.json"

_DOCS = "https://developer.amazon.com/en-US/docs/alexa/"
PAGE_SAMPLES = _DOCS + "custom-skills/create-intents-utterances-and-slots.html"
PAGE_INVOCATION = _DOCS + "custom-skills/choose-the-invocation-name-for-a-custom-skill.html"
PAGE_SCHEMA = _DOCS + "smapi/interaction-model-schema.html"
PAGE_BUILT_INS = _DOCS + "custom-skills/standard-built-in-intents.html"
PAGE_FUNCTIONAL = _DOCS + "custom-skills/functional-testing-for-a-custom-skill.html"
PAGE_SLOT_SYNTAX = ("https://developer.amazon.com/public/solutions/alexa/alexa-skills-kit/docs/"
                    "alexa-skills-kit-interaction-model-reference#custom-slot-syntax")
QUOTED = "wording read where public code and pages quote it with this address"

Rule = namedtuple("Rule", "id summary source")
Problem = namedtuple("Problem", "rule where message")

RULES = {rule.id: rule for rule in (
    Rule("model-shape",
         "interactionModel.languageModel has an invocationName, a list of intents (name, slots, "
         "samples) and optionally types (name, values) and modelConfiguration",
         f"Amazon: {PAGE_SCHEMA} (read)"),
    Rule("invocation-characters",
         "the invocation name holds only lower-case letters, spaces between words, possessive "
         "apostrophes and periods of abbreviations (\"a. b. c.\"); numbers are spelled out",
         f"Amazon: {PAGE_INVOCATION} ({QUOTED}; the same words are in a certification "
         "rejection quoted in a public issue)"),
    Rule("invocation-words", "the invocation name has two or more words",
         f"Amazon: {PAGE_INVOCATION} ({QUOTED})"),
    Rule("invocation-launch-words",
         "the invocation name holds no launch phrase (launch, ask, tell, open, load, begin, enable), "
         "no wake word (alexa, amazon, echo, computer) and not the words skill or app",
         f"Amazon: {PAGE_INVOCATION} ({QUOTED})"),
    Rule("invocation-articles",
         "a two-word invocation name has no article or connecting word (the, a, an, for, to, of)",
         f"Amazon: {PAGE_INVOCATION} (as a course on the page summarises it; not read on "
         "Amazon's own copy)"),
    Rule("names",
         "intent names are letters and underscores (AMAZON.<Name> for built-ins), slot names "
         "start with a letter and hold letters and underscores, custom slot type names are "
         "letters and underscores; each name is unique where it is declared",
         f"Amazon: {PAGE_SCHEMA} links its \"Intent and slot name requirements\"; the slot type "
         f"rule is quoted from {PAGE_SLOT_SYNTAX} on a public Q&A page; the intent and slot "
         "character sets are the ones the developer console's own checks use, as public code "
         "reproduces them"),
    Rule("slot-type-defined", "every slot's type is a built-in AMAZON.* type or one of the model's types",
         f"Amazon: {PAGE_SCHEMA} (read: types lists the custom slot types)"),
    Rule("sample-characters",
         "a sample holds only letters, spaces, apostrophes, periods of abbreviations, hyphens, "
         "and braces around slot names",
         f"Amazon: {PAGE_SAMPLES} (\"valid punctuation marks are periods for abbreviations, "
         "possessive apostrophes, hyphens and brackets for slots\", as public validators quote "
         "Amazon's earlier page on the voice interface)"),
    Rule("sample-digits", "numbers in samples and slot values are spelled out (\"fifteen\", not 15)",
         f"platform-facts.md (\"Sample utterances spell numbers out\"); Amazon: {PAGE_INVOCATION} "
         "says the same of invocation names"),
    Rule("sample-apostrophe",
         "an apostrophe sits inside or at the end of a word: never right after a slot's closing "
         "brace (\"{person}'s\"), never before a slot, never at the start of a word",
         "platform-facts.md, \"Model build rules that bite\": Amazon's build refused "
         "\"my {person}'s {body_part}\" (an observed build failure)"),
    Rule("sample-period", "a period only follows a single letter of an abbreviation (\"e. r.\")",
         f"Amazon: {PAGE_SAMPLES} (periods for abbreviations, as quoted above); "
         f"{PAGE_INVOCATION} gives the form \"a. b. c.\""),
    Rule("sample-braces",
         "every brace pair holds one slot name and stands as a word of its own: no text or "
         "other slot touching it (\"x{a}\", \"{a}{b}\", \"{a}s\"), no stray or nested brace",
         f"Amazon: {PAGE_SAMPLES} (braces only for slots, as quoted above); platform-facts.md "
         "(the observed failure of text right after a closing brace)"),
    Rule("sample-slot-declared", "every {slot} in a sample is a slot its intent declares",
         "observed build failure: \"Unknown slot name '{myMemo}'. Occurred in sample ...\", "
         "as quoted on a public Q&A page"),
    Rule("sample-slot-once", "a slot appears at most once in a sample",
         "Project: a request carries one value per slot name, so a second use can never be "
         "filled (not found in the Amazon pages read here)"),
    Rule("slot-used", "every slot an intent declares appears in at least one of its samples",
         "Project: this model has no dialog model, so a slot no sample names can never be "
         "filled (not found in the Amazon pages read here)"),
    Rule("sample-spacing", "a sample is not empty, has no leading, trailing or double spaces",
         "Project: keeps the duplicate checks honest"),
    Rule("sample-length",
         "a sample is at most 200 characters, a slot value or synonym at most 140",
         "Project: a guard far above this model's longest (no Amazon page read here gives "
         "the number)"),
    Rule("sample-lower-case", "samples, slot values and synonyms are lower case",
         f"Project: as Alexa writes what it heard; Amazon's {PAGE_INVOCATION} requires it of "
         "invocation names"),
    Rule("sample-duplicate-across",
         "no sample belongs to two intents (compared ignoring case, spacing and slot names, "
         "slots compared by type)",
         "platform-facts.md (certification: samples \"must not repeat across intents\")"),
    Rule("sample-duplicate-within", "no intent lists the same sample twice (compared as above)",
         "Project: a repeat is dead weight and hides a typo"),
    Rule("custom-intent-samples", "every custom intent has at least one sample",
         "Project: an intent without samples can never be reached"),
    Rule("built-in-required",
         "AMAZON.HelpIntent, AMAZON.StopIntent, AMAZON.CancelIntent, AMAZON.NavigateHomeIntent "
         "and AMAZON.FallbackIntent are in the model",
         "platform-facts.md (certification: the first four are required, FallbackIntent is expected)"),
    Rule("built-in-phrase",
         "no custom intent's sample is a phrase a standard built-in intent already owns "
         "(\"help\", \"stop\", \"cancel\", \"yes\", \"next\", ...)",
         f"Amazon: {PAGE_BUILT_INS} (read: the built-ins come with their own utterances; "
         "certification needs stop and cancel to exit and help to answer, platform-facts.md)"),
    Rule("search-query",
         "a sample with an AMAZON.SearchQuery slot has carrier words and no other slot",
         "platform-facts.md (\"How Alexa understands\")"),
    Rule("slot-value-characters",
         "slot values and synonyms hold none of ~ ^ * ( ) [ ] § ! ? ; : \" | { } and follow the "
         "sample rules for letters, apostrophes and periods",
         f"Amazon: {PAGE_SLOT_SYNTAX} (the special characters, as a public validator quotes "
         "the page); the rest as for samples"),
    Rule("slot-value-unique",
         "within a slot type, ids are unique and a spoken form (value or synonym) belongs to one value",
         "Project: entity resolution answers with the value's id; a form shared by two values "
         "resolves to both"),
    Rule("slot-values-total", "at most 50,000 slot values and synonyms across all custom slot types",
         f"Amazon: {PAGE_SLOT_SYNTAX} (\"a skill can have a total of 50,000 custom slot "
         "values\", as a public README quotes it)"),
    Rule("example-phrases",
         "the manifest has one to three example phrases per locale: the first \"Alexa, open "
         "<invocation name>\", the others \"Alexa, ask <invocation name> [to] <words>\" where "
         "the words are one of the model's samples (slots filled with their values)",
         f"Amazon: {PAGE_FUNCTIONAL} (read: \"You select these phrases from your sample "
         "utterances\"); the SMAPI manifest model: \"these phrases must come directly from "
         "your sample utterances\""),
)}

LAUNCH_WORDS = frozenset({"launch", "ask", "tell", "open", "load", "begin", "enable"})
WAKE_WORDS = frozenset({"alexa", "amazon", "echo", "computer", "skill", "app"})
ARTICLES = frozenset({"the", "a", "an", "for", "to", "of"})
#: Phrases the standard built-in intents answer to (the common utterances Amazon lists).
BUILT_IN_PHRASES = frozenset({
    "help", "help me", "can you help me", "stop", "off", "shut up", "cancel", "never mind",
    "forget it", "next", "skip", "previous", "go back", "back", "yes", "yeah", "sure", "no",
    "nope", "repeat", "say that again", "repeat that", "start over", "restart", "start again",
    "more", "continue", "go on", "resume", "pause", "home", "go home", "exit", "quit",
})
REQUIRED_BUILT_INS = ("AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
                      "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent")
MAX_SAMPLE_CHARS = 200
MAX_VALUE_CHARS = 140
MAX_SLOT_VALUES = 50000

INTENT_NAME = re.compile(r"^(?:AMAZON\.[A-Za-z]+|[A-Za-z_]+)$")
SLOT_NAME = re.compile(r"^[A-Za-z][A-Za-z_]*$")
TYPE_NAME = re.compile(r"^[A-Za-z_]+$")
SLOT_REFERENCE = re.compile(r"\{([^{}]*)\}")
SLOT_SPECIAL = re.compile(r"[~^*()\[\]§!?;:\"|{}]")
# A word of a sample or slot value: letters, inner hyphens and apostrophes, an optional
# trailing apostrophe ("parents'"), or one letter and a period ("e.").
WORD = re.compile(r"^(?:[^\W\d_]+(?:['-][^\W\d_]+)*'?|[^\W\d_]\.)$")


def _letters_ok(char):
    return char.isalpha() or char in " '.-{}"


def _text_problems(text, what, where, rules_for_slots=False):
    """Character, digit, apostrophe, period, case and spacing problems of one sample or value."""
    found = []
    if not text or text != text.strip() or "  " in text:
        found.append(Problem("sample-spacing", where, f"{what} {text!r} is empty or badly spaced"))
        text = " ".join(text.split())
        if not text:
            return found
    plain = SLOT_REFERENCE.sub(" ", text) if rules_for_slots else text  # slot names are not words
    if any(c.isdigit() for c in plain):
        found.append(Problem("sample-digits", where, f"{what} {text!r} has digits: spell numbers out"))
    bad = sorted({c for c in plain if not (_letters_ok(c) or c.isdigit())})
    if bad:
        rule = "slot-value-characters" if not rules_for_slots else "sample-characters"
        found.append(Problem(rule, where, f"{what} {text!r} has characters Alexa refuses: {''.join(bad)!r}"))
    if plain != plain.lower():
        found.append(Problem("sample-lower-case", where, f"{what} {text!r} is not lower case"))
    if rules_for_slots:
        found += _brace_problems(text, what, where)
    # What touches a slot's braces is the brace check's to report.
    words = re.sub(r"\S*\{[^{}]*\}\S*", " ", text).split() if rules_for_slots else text.split()
    for word in words:
        if "'" in word and not WORD.match(word):
            found.append(Problem("sample-apostrophe", where,
                                 f"{what} {text!r}: apostrophe out of place in {word!r}"))
        elif "." in word and not re.fullmatch(r"[^\W\d_]\.", word):
            found.append(Problem("sample-period", where,
                                 f"{what} {text!r}: a period only follows one letter of an abbreviation ({word!r})"))
    return found


def _brace_problems(sample, what, where):
    found = []
    depth = 0
    for char in sample:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth not in (0, 1):
            return [Problem("sample-braces", where, f"{what} {sample!r} has a stray or nested brace")]
    if depth:
        return [Problem("sample-braces", where, f"{what} {sample!r} has an unclosed brace")]
    for match in SLOT_REFERENCE.finditer(sample):
        name = match.group(1)
        if not SLOT_NAME.match(name):
            found.append(Problem("sample-braces", where, f"{what} {sample!r}: {{{name}}} is not a slot name"))
        before = sample[match.start() - 1] if match.start() else " "
        after = sample[match.end()] if match.end() < len(sample) else " "
        if after == "'":
            found.append(Problem("sample-apostrophe", where,
                                 f"{what} {sample!r}: apostrophe right after {{{name}}} (Amazon's build refuses it; "
                                 "make the possessive a slot value instead)"))
        elif after != " ":
            found.append(Problem("sample-braces", where, f"{what} {sample!r}: text touches {{{name}}}'s closing brace"))
        if before == "'":
            found.append(Problem("sample-apostrophe", where, f"{what} {sample!r}: apostrophe right before {{{name}}}"))
        elif before != " ":
            found.append(Problem("sample-braces", where, f"{what} {sample!r}: text touches {{{name}}}'s opening brace"))
    return found


def _fold(text):
    return " ".join(text.lower().split())


def _sample_key(sample, slot_types):
    """Case and spacing folded, slots named by their type: two samples Alexa cannot tell apart."""
    return SLOT_REFERENCE.sub(lambda m: "{" + slot_types.get(m.group(1), m.group(1)) + "}", _fold(sample))


def _shape_problems(document, where):
    model = document.get("interactionModel") if isinstance(document, dict) else None
    language_model = model.get("languageModel") if isinstance(model, dict) else None
    if not isinstance(language_model, dict):
        return None, [Problem("model-shape", where, "expected an object interactionModel.languageModel")]
    found = []
    if not isinstance(language_model.get("invocationName"), str):
        found.append(Problem("model-shape", where, "languageModel.invocationName must be a string"))
    intents = language_model.get("intents")
    if not isinstance(intents, list) or not intents:
        found.append(Problem("model-shape", where, "languageModel.intents must be a non-empty list"))
    else:
        for index, intent in enumerate(intents):
            if (not isinstance(intent, dict) or not isinstance(intent.get("name"), str)
                    or not isinstance(intent.get("samples", []), list)
                    or not all(isinstance(s, str) for s in intent.get("samples", []))
                    or not isinstance(intent.get("slots", []), list)
                    or not all(isinstance(s, dict) and isinstance(s.get("name"), str)
                               and isinstance(s.get("type"), str) for s in intent.get("slots", []))):
                found.append(Problem("model-shape", f"{where} intents[{index}]",
                                     "an intent needs a name, a list of sample strings and slots with name and type"))
    types = language_model.get("types", [])
    if not isinstance(types, list):
        found.append(Problem("model-shape", where, "languageModel.types must be a list"))
    else:
        for index, slot_type in enumerate(types):
            values = slot_type.get("values") if isinstance(slot_type, dict) else None
            if (not isinstance(slot_type, dict) or not isinstance(slot_type.get("name"), str)
                    or not isinstance(values, list)
                    or not all(isinstance(v, dict) and isinstance(v.get("name"), dict)
                               and isinstance(v["name"].get("value"), str)
                               and isinstance(v["name"].get("synonyms", []), list)
                               and all(isinstance(s, str) for s in v["name"].get("synonyms", []))
                               for v in values)):
                found.append(Problem("model-shape", f"{where} types[{index}]",
                                     "a slot type needs a name and values, each {\"name\": {\"value\", \"synonyms\"}}"))
    level = ((language_model.get("modelConfiguration") or {}).get("fallbackIntentSensitivity") or {}).get("level")
    if level not in (None, "LOW", "MEDIUM", "HIGH"):
        found.append(Problem("model-shape", where, f"fallbackIntentSensitivity.level {level!r} is not LOW, MEDIUM or HIGH"))
    return (None if found else language_model), found


def _invocation_problems(name, where):
    where = f"{where} invocationName"
    found = []
    if not name or any(c.isdigit() for c in name) or name != name.lower() or not all(
            c.isalpha() or c in " '." for c in name) or "  " in name or name != name.strip():
        found.append(Problem("invocation-characters", where,
                             f"{name!r}: only lower-case letters, single spaces, possessive apostrophes and "
                             "abbreviation periods; numbers spelled out"))
    words = name.split()
    if len(words) < 2:
        found.append(Problem("invocation-words", where, f"{name!r} has fewer than two words"))
    forbidden = sorted({w for w in words if w.strip(".'").lower() in LAUNCH_WORDS | WAKE_WORDS})
    if forbidden:
        found.append(Problem("invocation-launch-words", where, f"{name!r} holds {', '.join(forbidden)}"))
    if len(words) == 2 and any(w.lower() in ARTICLES for w in words):
        found.append(Problem("invocation-articles", where, f"{name!r}: a two-word name cannot hold an article"))
    return found


def check_model(document, where="model"):
    """Every problem of one interaction model document (as loaded from JSON)."""
    language_model, found = _shape_problems(document, where)
    if language_model is None:
        return found
    found += _invocation_problems(language_model["invocationName"], where)
    types = {t["name"]: t for t in language_model.get("types", [])}
    found += _name_problems(language_model, where)
    owners = {}
    for intent in language_model["intents"]:
        name = intent["name"]
        at = f"{where} {name}"
        built_in = name.startswith("AMAZON.")
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for slot, slot_type in slot_types.items():
            if not slot_type.startswith("AMAZON.") and slot_type not in types:
                found.append(Problem("slot-type-defined", at, f"slot {slot} has type {slot_type}, which the model does not define"))
        samples = intent.get("samples", [])
        if not built_in and not samples:
            found.append(Problem("custom-intent-samples", at, "a custom intent with no samples can never be reached"))
        used = set()
        seen_here = set()
        for sample in samples:
            found += _text_problems(sample, "sample", at, rules_for_slots=True)
            if len(sample) > MAX_SAMPLE_CHARS:
                found.append(Problem("sample-length", at, f"sample {sample[:40]!r}... is over {MAX_SAMPLE_CHARS} characters"))
            names = [m.group(1) for m in SLOT_REFERENCE.finditer(sample)]
            for slot in names:
                if slot not in slot_types:
                    found.append(Problem("sample-slot-declared", at, f"sample {sample!r} uses {{{slot}}}, which {name} does not declare"))
            for slot in sorted({s for s in names if names.count(s) > 1}):
                found.append(Problem("sample-slot-once", at, f"sample {sample!r} uses {{{slot}}} more than once"))
            used.update(names)
            search = [s for s in names if slot_types.get(s) == "AMAZON.SearchQuery"]
            if search and (len(names) > 1 or not SLOT_REFERENCE.sub("", sample).strip()):
                found.append(Problem("search-query", at, f"sample {sample!r}: a SearchQuery slot needs carrier words and no other slot"))
            if not built_in and _fold(sample) in BUILT_IN_PHRASES:
                found.append(Problem("built-in-phrase", at, f"sample {sample!r} is a built-in intent's own phrase"))
            key = _sample_key(sample, slot_types)
            if key in seen_here:
                found.append(Problem("sample-duplicate-within", at, f"sample {sample!r} is listed twice"))
            elif key in owners and owners[key] != name:
                found.append(Problem("sample-duplicate-across", at, f"sample {sample!r} is also a sample of {owners[key]}"))
            seen_here.add(key)
            owners.setdefault(key, name)
        for slot in slot_types:
            if slot not in used:
                found.append(Problem("slot-used", at, f"slot {slot} is declared but no sample names it"))
    names = {i["name"] for i in language_model["intents"]}
    for required in REQUIRED_BUILT_INS:
        if required not in names:
            found.append(Problem("built-in-required", where, f"{required} is missing"))
    total = 0
    for slot_type in types.values():
        at = f"{where} type {slot_type['name']}"
        ids, forms = set(), {}
        for value in slot_type["values"]:
            value_id = value.get("id")
            if value_id is not None:
                if value_id in ids:
                    found.append(Problem("slot-value-unique", at, f"id {value_id} is used twice"))
                ids.add(value_id)
            spoken = [value["name"]["value"], *value["name"].get("synonyms", [])]
            total += len(spoken)
            for form in spoken:
                found += _text_problems(form, "slot value", at)
                if SLOT_SPECIAL.search(form):
                    found.append(Problem("slot-value-characters", at, f"slot value {form!r} has a character Alexa refuses"))
                if len(form) > MAX_VALUE_CHARS:
                    found.append(Problem("sample-length", at, f"slot value {form[:40]!r}... is over {MAX_VALUE_CHARS} characters"))
                owner = forms.setdefault(_fold(form), value_id or value["name"]["value"])
                if owner != (value_id or value["name"]["value"]):
                    found.append(Problem("slot-value-unique", at, f"{form!r} belongs to {owner} and to {value_id}"))
    if total > MAX_SLOT_VALUES:
        found.append(Problem("slot-values-total", where, f"{total} slot values and synonyms, over {MAX_SLOT_VALUES}"))
    return _deduplicated(found)


def _name_problems(language_model, where):
    found = []
    intent_names = [i["name"] for i in language_model["intents"]]
    for name in intent_names:
        if not INTENT_NAME.match(name):
            found.append(Problem("names", where, f"intent name {name!r} is not letters and underscores"))
    for name in sorted({n for n in intent_names if intent_names.count(n) > 1}):
        found.append(Problem("names", where, f"intent {name} is declared twice"))
    for intent in language_model["intents"]:
        slot_names = [s["name"] for s in intent.get("slots", [])]
        for name in slot_names:
            if not SLOT_NAME.match(name):
                found.append(Problem("names", f"{where} {intent['name']}", f"slot name {name!r} must start with a letter and hold letters and underscores"))
        for name in sorted({n for n in slot_names if slot_names.count(n) > 1}):
            found.append(Problem("names", f"{where} {intent['name']}", f"slot {name} is declared twice"))
    type_names = [t["name"] for t in language_model.get("types", [])]
    for name in type_names:
        if not TYPE_NAME.match(name) or name.startswith("AMAZON"):
            found.append(Problem("names", where, f"slot type name {name!r} must be letters and underscores"))
    for name in sorted({n for n in type_names if type_names.count(n) > 1}):
        found.append(Problem("names", where, f"slot type {name} is declared twice"))
    return found


def _deduplicated(found):
    seen, unique = set(), []
    for problem in found:
        if problem not in seen:
            seen.add(problem)
            unique.append(problem)
    return unique


# --- the manifest's example phrases -----------------------------------------------------------

def _type_forms(language_model):
    """``forms(type name)``: every value and synonym of a custom type, folded into words (None
    for a built-in type: any words); each type's worked out once, on first use."""
    types = {t["name"]: t for t in language_model.get("types", [])}
    found = {}

    def forms(type_name):
        if type_name not in found:
            slot_type = types.get(type_name)
            found[type_name] = None if slot_type is None else {
                tuple(_fold(f).split()) for v in slot_type["values"]
                for f in [v["name"]["value"], *v["name"].get("synonyms", [])]}
        return found[type_name]

    return forms


def _phrase_matches(words, items, type_forms, slot_types):
    """Whether ``words`` can be read as a sample's ``items`` (words and slot names);
    ``type_forms`` is ``_type_forms`` of the model."""

    def forms(slot):
        return type_forms(slot_types.get(slot, ""))

    def match(i, j):
        if i == len(items):
            return j == len(words)
        item = items[i]
        if not item.startswith("{"):
            return j < len(words) and words[j] == item and match(i + 1, j + 1)
        allowed = forms(item[1:-1])
        for end in range(j + 1, len(words) + 1):
            if (allowed is None or tuple(words[j:end]) in allowed) and match(i + 1, end):
                return True
        return False

    return match(0, 0)


def check_example_phrases(manifest, models, where="skill.json"):
    """The manifest's example phrases against each locale's model (``{locale: document}``)."""
    found = []
    locales = ((manifest.get("manifest") or {}).get("publishingInformation") or {}).get("locales") or {}
    for locale, info in sorted(locales.items()):
        at = f"{where} {locale}"
        document = models.get(locale)
        if document is None:
            continue
        language_model = document["interactionModel"]["languageModel"]
        type_forms = _type_forms(language_model)
        invocation = language_model["invocationName"]
        phrases = info.get("examplePhrases") or []
        if not 1 <= len(phrases) <= 3:
            found.append(Problem("example-phrases", at, f"{len(phrases)} example phrases; give one to three"))
            continue
        if _fold(phrases[0].replace(",", "")) != f"alexa open {invocation}":
            found.append(Problem("example-phrases", at, f"the first phrase {phrases[0]!r} is not \"Alexa, open {invocation}\""))
        for phrase in phrases[1:]:
            spoken = re.match(rf"^Alexa, ask {re.escape(invocation)} (?:to )?(.+)$", phrase, re.IGNORECASE)
            if not spoken:
                found.append(Problem("example-phrases", at, f"{phrase!r} is not \"Alexa, ask {invocation} ...\""))
                continue
            words = _fold(spoken.group(1)).split()
            if not any(_phrase_matches(words, _fold(s).replace("{", " {").replace("}", "} ").split(),
                                       type_forms, {x["name"]: x["type"] for x in i.get("slots", [])})
                       for i in language_model["intents"] for s in i.get("samples", [])):
                found.append(Problem("example-phrases", at, f"{phrase!r} matches none of the model's samples"))
    return found


# --- command line -----------------------------------------------------------------------------

def check_files(model_paths, manifest_path=None):
    """Problems of the model files (each named by its locale) and, if given, the manifest."""
    found, documents = [], {}
    for path in model_paths:
        path = Path(path)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            found.append(Problem("model-shape", path.name, f"cannot be read as JSON ({error})"))
            continue
        problems = check_model(document, path.name)
        found += problems
        if not any(p.rule == "model-shape" for p in problems):
            documents[path.stem] = document
    if manifest_path is not None:
        try:
            manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            found.append(Problem("example-phrases", str(manifest_path), f"cannot be read as JSON ({error})"))
        else:
            found += check_example_phrases(manifest, documents, Path(manifest_path).name)
    return found


def describe(problem):
    return f"{problem.where}: {problem.message} [{problem.rule}]"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="*", help="model files (default: interaction_models/*.json)")
    parser.add_argument("--manifest", help="skill.json whose example phrases to check "
                                           "(default: skill-package/skill.json when no model is named)")
    parser.add_argument("--rules", action="store_true", help="list every rule and its source, then exit")
    args = parser.parse_args(argv)
    if args.rules:
        for rule in RULES.values():
            print(f"{rule.id}: {rule.summary}.\n    source: {rule.source}")
        return 0
    models = args.models or sorted(DEFAULT_MODELS_DIR.glob("*.json"))
    manifest = args.manifest or (None if args.models else DEFAULT_MANIFEST)
    if not models:
        print("check_interaction_model: no model files found", file=sys.stderr)
        return 1
    found = check_files(models, manifest)
    for problem in found:
        print(describe(problem), file=sys.stderr)
    if found:
        print(f"check_interaction_model: {len(found)} problem(s); `--rules` says where each rule comes from",
              file=sys.stderr)
        return 1
    print(f"check_interaction_model: {len(models)} model(s) pass {len(RULES)} rules"
          + (f" (and {Path(manifest).name}'s example phrases)" if manifest else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
