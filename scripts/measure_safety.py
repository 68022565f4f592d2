"""The frame corpus, read: accuracy per frame, through the reader and through the request path.

    python scripts/measure_safety.py                 # the reader, every phrasing
    python scripts/measure_safety.py --request-path  # also the whole path: understanding, skill
    python scripts/measure_safety.py --misses tune   # list what the tune half gets wrong

Every phrasing of ``scripts/frame_corpus`` (frames x sign vocabulary x places and people) is
read by ``skill.triage.read``; with ``--request-path`` a deterministic sample of them is also
said to the simulator (its understanding of the interaction model, then the skill through
``lambda_handler.handler``): as one-shots and in the middle of a conversation, in en-US and
en-CA. A phrasing reaches its tier when the answer's first sentence is at least as urgent as
its frame says. The held-out and mixed halves are only ever counted; ``--misses`` lists only
the tune half (or, after a release, ``--misses all``).
"""

import argparse
import datetime
import sys
from collections import Counter, defaultdict

from frame_corpus import generate, request_path

from skill import triage


def reader_results(phrasings):
    return [(p, triage.read(p.text).tier) for p in phrasings]


def table(results, title, out=sys.stdout):
    """Per frame: phrasings, reached at least the tier, higher than needed (everyday only)."""
    by_frame = defaultdict(list)
    for phrasing, reached in results:
        by_frame[(phrasing.kind, phrasing.frame)].append((phrasing, reached))
    print(f"\n{title}", file=out)
    print("| kind | frame | phrasings | reached at least its tier | higher than needed |", file=out)
    print("| --- | --- | --- | --- | --- |", file=out)
    kinds = defaultdict(lambda: [0, 0, 0])
    for (kind, frame), rows in sorted(by_frame.items()):
        ok = sum(generate.at_least(r, p.tier) for p, r in rows)
        high = sum(generate.higher_than_needed(r, p.tier) for p, r in rows)
        kinds[kind][0] += len(rows)
        kinds[kind][1] += ok
        kinds[kind][2] += high
        print(f"| {kind} | {frame} | {len(rows)} | {_pct(ok, len(rows))} | {_pct(high, len(rows))} |", file=out)
    print("\n| kind | phrasings | reached at least its tier | higher than needed |", file=out)
    print("| --- | --- | --- | --- |", file=out)
    for kind, (count, ok, high) in sorted(kinds.items()):
        print(f"| {kind} | {count} | {_pct(ok, count)} | {_pct(high, count)} |", file=out)
    return kinds


def _pct(part, whole):
    return f"{part}/{whole} ({100.0 * part / whole:.1f}%)" if whole else "-"


def targets(kinds) -> list[str]:
    """The issue's targets, and which fail."""
    failures = []
    for kind in generate.STRICT_KINDS:
        count, ok, _ = kinds.get(kind, (0, 0, 0))
        if ok < count:
            failures.append(f"{kind}: {count - ok} of {count} below their tier")
    count, _, high = kinds.get("everyday", (0, 0, 0))
    if count and high / count > 0.05:
        failures.append(f"everyday: {high} of {count} higher than needed (over 5%)")
    return failures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--request-path", action="store_true", help="also say a sample to the simulator")
    parser.add_argument("--sample", type=int, default=0,
                        help="how many phrasings to say through the request path (0: every 6th)")
    parser.add_argument("--misses", choices=("tune", "all"), help="list the misses of this half")
    parser.add_argument("--kind", help="only this kind of frame")
    args = parser.parse_args(argv)
    phrasings = generate.phrasings()
    if args.kind:
        phrasings = [p for p in phrasings if p.kind == args.kind]
    print(f"Frame corpus, {datetime.date.today().isoformat()}: {len(phrasings)} phrasings "
          f"({', '.join(f'{n} {h}' for h, n in sorted(Counter(p.half for p in phrasings).items()))})")
    results = reader_results(phrasings)
    kinds = table(results, "Through the reader (skill.triage.read):")
    failures = targets(kinds)
    for half in ("tune", "held out", "mixed", "round 2"):
        rows = [(p, r) for p, r in results if p.half == half]
        strict = [(p, r) for p, r in rows if p.kind in generate.STRICT_KINDS]
        everyday = [(p, r) for p, r in rows if p.kind == "everyday"]
        print(f"\n{half}: strict kinds {_pct(sum(generate.at_least(r, p.tier) for p, r in strict), len(strict))} "
              f"at least their tier; everyday {_pct(sum(generate.higher_than_needed(r, p.tier) for p, r in everyday), len(everyday))} higher than needed")
    if args.misses:
        for phrasing, reached in results:
            if args.misses == "tune" and phrasing.half != "tune":
                continue
            wrong = (not generate.at_least(reached, phrasing.tier)) if phrasing.kind != "everyday" and \
                phrasing.tier != "everyday" else generate.higher_than_needed(reached, phrasing.tier)
            if phrasing.tier == "everyday" and phrasing.kind != "everyday":
                wrong = reached != "everyday"
            if wrong:
                print(f"MISS [{phrasing.kind}/{phrasing.frame}] {phrasing.text!r}: needs {phrasing.tier}, got {reached}")
    if args.request_path:
        sample = request_path.sample(phrasings, args.sample or None)
        path_results = request_path.run(sample)
        path_kinds = table([(p, r) for p, r, _ in path_results],
                           f"Through the request path ({len(sample)} phrasings, one-shots and "
                           "mid-conversation, en-US and en-CA):")
        failures += [f"request path, {f}" for f in targets(path_kinds)]
        fallbacks = sum(1 for _, r, _ in path_results if r == "fallback")
        print(f"\nreached AMAZON.FallbackIntent: {_pct(fallbacks, len(path_results))}")
        if args.misses:
            for phrasing, reached, detail in path_results:
                if args.misses == "tune" and phrasing.half != "tune":
                    continue
                bad = (phrasing.kind == "everyday" and generate.higher_than_needed(reached, phrasing.tier)) or (
                    phrasing.kind != "everyday" and phrasing.tier != "everyday"
                    and not generate.at_least(reached, phrasing.tier))
                if bad:
                    print(f"PATH MISS [{phrasing.kind}/{phrasing.frame}] {detail}: needs {phrasing.tier}, got {reached}")
    print("\nTargets: " + ("all met" if not failures else "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
