"""Calibrating the simulator's matcher: when a match is too weak, Alexa sends FallbackIntent.

The matcher's open-slot costs and its fallback threshold are chosen from two
kinds of sentence only, never from the phrasings a project measures the result
with:

- **in domain, held out**: every sample of the model, slots filled with a
  value, matched against the model *without that sample* (leave one out).
  This asks what Alexa's own generalisation asks: would a sentence like this
  one be understood if the model did not list it? A held-out sample is
  *accepted* when it reaches its own intent above the threshold.
- **out of domain**: a file of requests a person might make of a speaker that
  the skill cannot answer (one a line; ``#`` starts a comment), which the skill's
  project writes. One is *accepted* (wrongly) when it reaches any intent but
  FallbackIntent.

Thresholds, by the model's ``fallbackIntentSensitivity``:

- **MEDIUM** (the model's setting): the equal-error point, where the share of
  held-out samples sent to Fallback equals the share of out-of-domain
  sentences let through;
- **HIGH**: the lowest threshold that lets at most 5% of out-of-domain sentences through;
- **LOW**: as far below MEDIUM as HIGH is above it.

Among the candidate slot costs, the calibrated matcher is the one with the
lowest equal error.

``python -m alexa_simulator.calibration --models DIR --out-of-domain FILE`` prints
the figures for each candidate and the chosen one.
"""

import datetime
import sys
from collections.abc import Sequence
from typing import NamedTuple

from . import nlu

#: HIGH lets at most this share of out-of-domain sentences through.
HIGH_OUT_OF_DOMAIN = 0.05
TODAY = datetime.date(2026, 11, 25)


def out_of_domain_sentences(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


class HeldOut(NamedTuple):
    intent: str
    utterance: str
    #: The score of the best match, and whether that match is the sample's own intent.
    score: float
    own_intent: bool


def held_out_scores(model: nlu.Model, every: int = 1) -> list[HeldOut]:
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


def out_of_domain_scores(model: nlu.Model, sentences: Sequence[str]) -> list[float]:
    """The best score any intent reaches for each out-of-domain sentence."""
    scores = []
    for sentence in sentences:
        result = nlu.understand(model, sentence, today=TODAY, alternatives=1)
        scores.append(result.alternatives[0][1] if result.alternatives else 0.0)
    return scores


def _rates(held: Sequence[HeldOut], ood: Sequence[float], threshold: float) -> tuple[float, float]:
    """(share of held-out samples sent to Fallback, share of out-of-domain sentences accepted)."""
    rejected = sum(1 for h in held if not (h.own_intent and h.score >= threshold)) / len(held)
    accepted = sum(1 for score in ood if score >= threshold) / len(ood)
    return rejected, accepted


def thresholds_for(held: Sequence[HeldOut], ood: Sequence[float]) -> tuple[dict[str, float], float]:
    """The LOW, MEDIUM and HIGH thresholds (to two places), and the equal error rate."""
    candidates = [t / 100 for t in range(20, 96)]
    rates = {t: _rates(held, ood, t) for t in candidates}
    medium = min(candidates, key=lambda t: (abs(rates[t][0] - rates[t][1]), t))
    high = max(medium, min((t for t in candidates if rates[t][1] <= HIGH_OUT_OF_DOMAIN), default=medium))
    low = round(medium - (high - medium), 2)
    return {"LOW": low, "MEDIUM": medium, "HIGH": high}, sum(rates[medium]) / 2


class Figures(NamedTuple):
    matcher: str
    thresholds: dict[str, float]
    equal_error: float
    held_out_rejected: float
    out_of_domain_accepted: float


def figures_for(matcher: nlu.Matcher, model: nlu.Model, sentences: Sequence[str],
                every: int = 1) -> Figures:
    """The thresholds and error rates of ``matcher`` on the held-out samples and out-of-domain sentences."""
    model = model.with_matcher(matcher)
    ood = out_of_domain_scores(model, sentences)
    held = held_out_scores(model, every)
    thresholds, equal_error = thresholds_for(held, ood)
    rejected, accepted = _rates(held, ood, thresholds["MEDIUM"])
    return Figures(matcher.name, thresholds, equal_error, rejected, accepted)


#: Slot costs tried (wildcard base, in-type, unknown, carrier factors).
CANDIDATES: tuple[tuple[float, float, float, float, float, int], ...] = (
    # wildcard base, in-type, unknown, carrier, unknown word left out, longest slot
    (0.4, 0.6, 0.6, 1.0, 1.0, 8),   # before calibration
    (0.5, 0.3, 1.0, 1.0, 1.0, 14),  # chosen
    (0.5, 0.3, 1.0, 1.0, 0.6, 8),
    (0.5, 0.3, 1.0, 1.0, 0.4, 8),
    (0.5, 0.3, 1.0, 1.0, 0.6, 14),
    (0.5, 0.3, 0.6, 1.0, 0.6, 14),
    (0.4, 0.3, 1.0, 1.0, 0.4, 14),
)


def calibrate(model: nlu.Model, sentences: Sequence[str], every: int = 1) -> list[Figures]:
    results = []
    for base, in_type, unknown, carrier, unknown_insert, longest in CANDIDATES:
        matcher = nlu.Matcher(
            f"slot base {base}, in-type {in_type}, unknown {unknown}, carrier {carrier}; "
            f"unknown word left out {unknown_insert}; longest slot {longest}",
            {"LOW": 0.0, "MEDIUM": 0.0, "HIGH": 0.0}, base, in_type, unknown, carrier,
            unknown_insert, longest)
        results.append(figures_for(matcher, model, sentences, every))
    return results


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m alexa_simulator.calibration")
    parser.add_argument("--models", required=True, help="folder of <locale>.json interaction models")
    parser.add_argument("--out-of-domain", required=True, metavar="FILE",
                        help="requests the skill cannot answer, one a line")
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--every", type=int, default=1, help="hold out every n-th sample (faster)")
    args = parser.parse_args(argv)
    try:
        model = nlu.load_model(args.locale, args.models)
        sentences = out_of_domain_sentences(args.out_of_domain)
    except (nlu.ModelError, OSError) as error:
        parser.error(str(error))
    print("| slot costs | LOW / MEDIUM / HIGH threshold | held-out samples sent to Fallback at MEDIUM "
          "| out-of-domain sentences accepted at MEDIUM |")
    print("| --- | --- | --- | --- |")
    results = calibrate(model, sentences, max(1, args.every))
    for f in results:
        t = f.thresholds
        print(f"| {f.matcher} | {t['LOW']} / {t['MEDIUM']} / {t['HIGH']} | {f.held_out_rejected:.1%} "
              f"| {f.out_of_domain_accepted:.1%} |", flush=True)
    best = min(results, key=lambda f: f.equal_error)
    print(f"\nlowest equal error: {best.matcher}, thresholds {best.thresholds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
