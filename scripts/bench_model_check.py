#!/usr/bin/env python3
"""What the every-sample model check costs, two ways, in one process.

    .venv/bin/python scripts/bench_model_check.py [--locale en-US] [--every 1]

Each sample of the model, slots filled (the index-th value of each type), is asked
"does this resolve to your own intent alone?" first as ``understand(...,
alternatives=2)`` answers it (the two best intents), then as ``nlu.sample_overlaps``
does (the intent's own score as the search's floor). Prints the CPU seconds of each,
their ratio, and every sample on which the two verdicts differ (there must be none).
"""

import argparse
import datetime
import os
import sys
import time

from alexa_simulator import nlu

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TODAY = datetime.date(2025, 11, 25)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--every", type=int, default=1, help="every n-th sample (default all)")
    args = parser.parse_args(argv)
    model = nlu.load_model(args.locale, os.path.join(ROOT, "interaction_models"))
    indexes = range(0, len(model.samples), max(1, args.every))
    cases = [(model.samples[i], nlu.filled_sample(model, model.samples[i], variant=i)) for i in indexes]

    started = time.process_time()
    plain = []
    for sample, utterance in cases:
        result = nlu.understand(model, utterance, today=TODAY, alternatives=2, exclude=None)
        ties = [o for o, score, _ in result.alternatives[1:] if score >= result.score]
        plain.append(result.intent != sample.intent or bool(ties))
    plain_seconds = time.process_time() - started

    started = time.process_time()
    fast = [bool(nlu.sample_overlaps(model, sample, utterance, TODAY)) for sample, utterance in cases]
    fast_seconds = time.process_time() - started

    differ = [sample.text for (sample, _), a, b in zip(cases, plain, fast, strict=True) if a != b]
    print(f"{args.locale}: {len(cases)} samples; understand(alternatives=2) {plain_seconds:.1f} s of CPU, "
          f"sample_overlaps {fast_seconds:.1f} s ({plain_seconds / max(fast_seconds, 1e-9):.1f}x less); "
          f"{sum(plain)} fail; verdicts differ on {len(differ)}")
    for text in differ:
        print(f"  differs: {text}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
