"""The frame corpus holds its targets: every report, pseudo-negation and uncertain phrasing
reaches at least its tier; at most 5% of everyday phrasings get a higher tier than needed.

The corpus (``scripts/frame_corpus``: a frame table crossed with a sign vocabulary written apart
from the reader's own tables) is read in full by ``skill.triage`` here, split by kind so the
workers share it; a fixed sample goes through the whole request path (the simulator's
understanding of the interaction model, then ``lambda_handler.handler``), one-shots and
mid-conversation, in en-US and en-CA. ``scripts/measure_safety.py`` prints every frame's figures
and runs a larger sample of the request path.
"""

import json
import os

import pytest
from frame_corpus import generate, request_path

from skill import triage

PHRASINGS = generate.phrasings()
KINDS = sorted({p.kind for p in PHRASINGS})
#: How many phrasings go through the whole request path here (the script runs more).
PATH_SAMPLE = 48
#: The issue's bound on everyday phrasings answered above the tier they need.
MAX_EVERYDAY_ALARMS = 0.05


def test_the_corpus_has_every_kind_of_frame_and_thousands_of_phrasings():
    assert len(PHRASINGS) >= 5000
    assert set(KINDS) >= {"report", "pseudo", "uncertain", "hypothetical", "third_person", "past",
                          "story", "deny", "deny_and_report", "historical", "everyday"}
    halves = {p.half for p in PHRASINGS}
    assert halves == {"tune", "held out", "mixed", "round 2"}


@pytest.mark.parametrize("kind", generate.STRICT_KINDS)
def test_every_report_pseudo_negation_and_uncertain_phrasing_reaches_its_tier(kind):
    misses = [(p.text, p.tier, tier) for p in PHRASINGS if p.kind == kind
              for tier in [triage.read(p.text).tier] if not generate.at_least(tier, p.tier)]
    assert misses == []


@pytest.mark.parametrize("kind", ["third_person", "past", "story", "hypothetical", "deny_and_report",
                                  "historical"])
def test_reports_said_of_others_in_the_past_after_a_story_or_asked_about_reach_their_tier(kind):
    misses = [(p.text, p.tier, tier) for p in PHRASINGS if p.kind == kind
              for tier in [triage.read(p.text).tier] if not generate.at_least(tier, p.tier)]
    assert misses == []


def test_everyday_phrasings_raise_at_most_five_percent_false_alarms():
    everyday = [p for p in PHRASINGS if p.kind == "everyday"]
    alarms = [p.text for p in everyday if generate.higher_than_needed(triage.read(p.text).tier, "everyday")]
    assert len(alarms) <= MAX_EVERYDAY_ALARMS * len(everyday), alarms


def test_explicit_denials_are_read_as_denials():
    """Not a target of the issue (a denial answered as a report is safe), but a reader that
    cannot hear "no numbness" would alarm every careful person: most must be read."""
    denials = [p for p in PHRASINGS if p.kind == "deny"]
    read = sum(triage.read(p.text).tier == "everyday" for p in denials)
    assert read >= 0.95 * len(denials)


@pytest.fixture(scope="module")
def through_the_request_path():
    sample = request_path.sample(
        [p for p in PHRASINGS if p.kind in generate.STRICT_KINDS + ("everyday",)], PATH_SAMPLE)
    return request_path.run(sample)


def test_a_sample_through_the_request_path_reaches_its_tiers(through_the_request_path):
    locales = {"en-US", "en-CA"}
    assert len(through_the_request_path) == PATH_SAMPLE
    misses = [detail for phrasing, tier, detail in through_the_request_path
              if phrasing.kind in generate.STRICT_KINDS and not generate.at_least(tier, phrasing.tier)]
    assert misses == []
    assert all(any(f"({locale}," in detail for _, _, detail in through_the_request_path) for locale in locales)


def test_everyday_phrasings_through_the_request_path_seldom_alarm(through_the_request_path):
    everyday = [(p, t) for p, t, _ in through_the_request_path if p.kind == "everyday"]
    alarms = [p.text for p, t in everyday if generate.higher_than_needed(t, "everyday")]
    assert len(alarms) <= max(1, MAX_EVERYDAY_ALARMS * len(everyday)), alarms


def test_everyday_descriptions_from_public_pages_seldom_get_doctor_now_or_911():
    """At least 150 everyday back-pain descriptions, each written after a public page (its
    address beside it): at most 5% may be read as "doctor now" or 911."""
    with open(os.path.join(generate.HERE, "everyday_descriptions.jsonl"), encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    assert len(rows) >= 150
    assert all(row["source"].startswith("http") for row in rows)
    alarmed = [row["text"] for row in rows
               if triage.read(row["text"]).tier in ("call_911", "poison", "call_doctor_now")]
    assert len(alarmed) <= 0.05 * len(rows), alarmed


def test_everyday_descriptions_through_the_request_path_seldom_get_doctor_now_or_911():
    """A sample of the same descriptions said to the simulator (the script says all of them)."""
    with open(os.path.join(generate.HERE, "everyday_descriptions.jsonl"), encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    sample = [generate.Phrasing(row["text"], "public_pages", "everyday", "everyday", "everyday", "public")
              for row in rows[::5]]
    results = request_path.run(sample)
    alarmed = [detail for _, tier, detail in results if tier in ("call_911", "poison", "call_doctor_now")]
    assert len(alarmed) <= max(1, 0.05 * len(results)), alarmed
