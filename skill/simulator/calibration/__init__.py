"""Calibrating the simulator's matcher: when a match is too weak, Alexa sends FallbackIntent.

The matcher's open-slot costs and its fallback threshold are chosen from two
kinds of sentence only, never from the real-phrasing set (``tests/phrasings``),
which measures the result:

- **in domain, held out**: every sample of the model, slots filled with a
  value, matched against the model *without that sample* (leave one out).
  This asks what Alexa's own generalisation asks: would a sentence like this
  one be understood if the model did not list it? A held-out sample is
  *accepted* when it reaches its own intent above the threshold.
- **out of domain**: ``out_of_domain.txt``, requests a person might make of
  a speaker that this skill cannot answer. One is *accepted* (wrongly) when
  it reaches any intent but FallbackIntent.

The threshold for the model's sensitivity is the lowest score at which no
more than a set share of the out-of-domain sentences are accepted (MEDIUM:
5%, LOW: 10%, HIGH: 2%). Among the candidate slot costs, the calibrated
matcher is the one that accepts the most held-out samples at MEDIUM.

``python -m skill.simulator.calibration`` prints the figures for each
candidate and the chosen one; ``tests/test_simulator_calibration.py`` checks
that the matcher in ``nlu.CALIBRATED`` still meets them.
"""

import datetime
import os
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from .. import nlu

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_OF_DOMAIN_PATH = os.path.join(HERE, "out_of_domain.txt")
#: The share of out-of-domain sentences each sensitivity may let through.
OUT_OF_DOMAIN_ALLOWED = {"LOW": 0.10, "MEDIUM": 0.05, "HIGH": 0.02}
TODAY = datetime.date(2026, 11, 25)


def out_of_domain_sentences(path: str = OUT_OF_DOMAIN_PATH) -> List[str]:
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


class HeldOut(NamedTuple):
    intent: str
    utterance: str
    #: The score of the best match, and whether that match is the sample's own intent.
    score: float
    own_intent: bool


def held_out_scores(model: nlu.Model, every: int = 1) -> List[HeldOut]:
    """Each of the model's own samples (every ``every``-th), matched with itself left out."""
    found = []
    own = [s for s in model.samples if not s.built_in_phrase]
    for sample in own[::every]:
        utterance = nlu.filled_sample(model, sample, variant=len(found))
        result = nlu.understand(model, utterance, today=TODAY, alternatives=1, exclude=sample)
        score = result.alternatives[0][1] if result.alternatives else 0.0
        best = result.alternatives[0][0] if result.alternatives else nlu.FALLBACK
        found.append(HeldOut(sample.intent, utterance, score, best == sample.intent))
    return found


def out_of_domain_scores(model: nlu.Model, sentences: Sequence[str]) -> List[float]:
    """The best score any intent reaches for each out-of-domain sentence."""
    scores = []
    for sentence in sentences:
        result = nlu.understand(model, sentence, today=TODAY, alternatives=1)
        scores.append(result.alternatives[0][1] if result.alternatives else 0.0)
    return scores


def threshold_for(ood_scores: Sequence[float], allowed: float) -> float:
    """The lowest threshold (to two places) that accepts at most ``allowed`` of ``ood_scores``."""
    ranked = sorted(ood_scores, reverse=True)
    may_accept = int(allowed * len(ranked))
    # Everything scoring above the (may_accept + 1)-th highest is accepted.
    boundary = ranked[may_accept] if may_accept < len(ranked) else 0.0
    return round(boundary + 0.005, 2)


class Figures(NamedTuple):
    matcher: str
    thresholds: Dict[str, float]
    held_out_accepted: float
    held_out_right_intent: float
    out_of_domain_accepted: float


def figures_for(matcher: nlu.Matcher, locale: str = "en-US", every: int = 1,
                sentences: Optional[Sequence[str]] = None) -> Figures:
    """Thresholds from the out-of-domain sentences, then how many held-out samples get through."""
    sentences = sentences if sentences is not None else out_of_domain_sentences()
    model = nlu.load_model(locale)
    with nlu.using_matcher_object(matcher):
        ood = out_of_domain_scores(model, sentences)
        thresholds = {level: threshold_for(ood, share) for level, share in OUT_OF_DOMAIN_ALLOWED.items()}
        held = held_out_scores(model, every)
    medium = thresholds["MEDIUM"]
    accepted = sum(1 for h in held if h.own_intent and h.score >= medium)
    right = sum(1 for h in held if h.own_intent)
    return Figures(matcher.name, thresholds, accepted / len(held), right / len(held),
                   sum(1 for s in ood if s >= medium) / len(ood))


#: Slot costs tried (wildcard base, in-type, unknown, carrier factors).
CANDIDATES: Tuple[Tuple[float, float, float, float], ...] = (
    (0.4, 0.6, 0.6, 1.0),   # before calibration
    (0.4, 0.3, 1.0, 1.0),
    (0.5, 0.3, 1.0, 1.0),
    (0.4, 0.4, 1.0, 1.0),
    (0.5, 0.2, 1.0, 1.0),
    (0.4, 0.3, 1.2, 1.2),
)


def calibrate(locale: str = "en-US", every: int = 1) -> List[Figures]:
    results = []
    for base, in_type, unknown, carrier in CANDIDATES:
        matcher = nlu.Matcher(f"base {base}, in-type {in_type}, unknown {unknown}, carrier {carrier}",
                              {"LOW": 0.0, "MEDIUM": 0.0, "HIGH": 0.0}, base, in_type, unknown, carrier)
        results.append(figures_for(matcher, locale, every))
    return results


def main(argv: Optional[List[str]] = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m skill.simulator.calibration")
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--every", type=int, default=1, help="hold out every n-th sample (faster)")
    args = parser.parse_args(argv)
    print("| slot costs | LOW / MEDIUM / HIGH threshold | held-out samples accepted at MEDIUM "
          "| held out, right intent at any score | out of domain accepted at MEDIUM |")
    print("| --- | --- | --- | --- | --- |")
    for f in calibrate(args.locale, args.every):
        t = f.thresholds
        print(f"| {f.matcher} | {t['LOW']} / {t['MEDIUM']} / {t['HIGH']} | {f.held_out_accepted:.1%} "
              f"| {f.held_out_right_intent:.1%} | {f.out_of_domain_accepted:.1%} |", flush=True)
    return 0
