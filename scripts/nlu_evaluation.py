#!/usr/bin/env python3
"""Measure understanding on a real Alexa: Amazon's NLU Evaluation Tool, next to the simulator.

    python scripts/nlu_evaluation.py export --out build/nlu                # both locales
    python scripts/nlu_evaluation.py run --skill-id amzn1.ask.skill.ID --locale en-US
    python scripts/nlu_evaluation.py compare --results nlu-results/en-US-20261130T050000Z
    python scripts/nlu_evaluation.py profile --skill-id amzn1.ask.skill.ID "how long does it last"

export   annotation sets (utterance, expected intent, expected slots) from the
         real phrasings (tests/phrasings/*.jsonl, intents from
         tests/phrasings/needs.json) and the conversation tests, written as
         annotations.<locale>.json and .csv (scripts/nlueval/annotations.py).
run      exports (unless --annotations is given), then runs the set through the
         NLU Evaluation Tool with the ASK CLI and saves every response in the
         results folder (scripts/nlueval/ask_runner.py). Needs the ASK CLI
         configured with an Amazon developer account, and the skill's model
         built in that locale.
compare  reads a results folder and prints, per expected intent, how often
         Alexa and the simulator were right and agreed, then every utterance
         they routed differently (scripts/nlueval/compare.py). Exit status 0.
profile  one utterance through ``ask smapi profile-nlu``, beside the simulator.

run, compare and profile need the dev requirements (ask-smapi-model).
"""

import argparse
import datetime
import json
import os
import sys
import time

from alexa_simulator import nlu

# Beside this script: python puts its folder first on the path.
from nlueval import annotations, ask_runner, compare

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS_DIR = annotations.MODELS_DIR

PHRASINGS = [os.path.join(ROOT, "tests", "phrasings", name) for name in ("tune.jsonl", "report.jsonl")]
NEEDS = os.path.join(ROOT, "tests", "phrasings", "needs.json")
CONVERSATIONS = os.path.join(ROOT, "tests", "conversations")


def warn(message: str) -> None:
    print("warning: " + message, file=sys.stderr)


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def export(locales, out_dir, phrasings, needs, conversations, day) -> dict:
    """Write each locale's annotation set; return {locale: paths}."""
    timestamp = annotations.reference_timestamp(day)
    written = {}
    for locale in locales:
        found = annotations.build(locale, phrasings, conversations, needs, day, warn)
        written[locale] = annotations.write(out_dir, locale, found, timestamp)
        print(f"{locale}: {len(found)} annotations -> {written[locale]['json']}")
    return written


def command_export(args) -> int:
    phrasings = args.phrasings if args.phrasings is not None else [p for p in PHRASINGS if os.path.exists(p)]
    if not phrasings:
        warn("no phrasing file found; the sets hold the conversation tests only")
    export(args.locale or nlu.available_locales(MODELS_DIR), args.out, phrasings, args.needs,
           args.conversations or None, args.reference_date)
    return 0


def command_run(args, ask=ask_runner.ask_cli, sleep=time.sleep) -> int:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    results = args.results or os.path.join(ROOT, "nlu-results", f"{args.locale}-{stamp}")
    path = args.annotations
    if path is None:
        phrasings = [p for p in PHRASINGS if os.path.exists(p)]
        written = export([args.locale], results, phrasings, NEEDS, CONVERSATIONS, datetime.date.today())
        path = written[args.locale][args.format]
    runner = ask_runner.Runner(args.skill_id, results, ask=ask, profile=args.profile, stage=args.stage,
                               sleep=sleep)
    run = runner.evaluate(args.locale, path, name=f"back-spasm-coach-{args.locale}-{stamp}")
    print(f"evaluation {run['evaluation_id']}: {run['status']}; responses in {results}")
    print(f"next: python scripts/nlu_evaluation.py compare --results {results}")
    return 0


def command_compare(args) -> int:
    locale = args.locale or compare.run_locale(args.results)
    found = compare.rows(compare.load_test_cases(args.results), nlu.load_model(locale, MODELS_DIR))
    print(f"{locale}, {args.results}")
    print(compare.report(found))
    return 0


def command_profile(args, ask=ask_runner.ask_cli) -> int:
    runner = ask_runner.Runner(args.skill_id, "", ask=ask, profile=args.profile, stage=args.stage)
    alexa = runner.profile_utterance(args.locale, args.utterance)
    understanding = nlu.understand(nlu.load_model(args.locale, MODELS_DIR), args.utterance)
    print(json.dumps(alexa, indent=1))
    selected = (alexa.get("selectedIntent") or {}).get("name", compare.NO_INTENT)
    print(f"Alexa: {selected}; simulator: {understanding.intent} (score {understanding.score})")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = main.add_subparsers(dest="command", required=True)

    sub = commands.add_parser("export", help="write the annotation sets")
    sub.add_argument("--out", required=True, help="folder for annotations.<locale>.json/.csv")
    sub.add_argument("--locale", action="append", help="repeatable; default: every model in interaction_models/")
    sub.add_argument("--phrasings", nargs="*", help="JSON-lines files; default: tests/phrasings/{tune,report}.jsonl")
    sub.add_argument("--needs", default=NEEDS, help="need -> intent (default: tests/phrasings/needs.json)")
    sub.add_argument("--conversations", default=CONVERSATIONS, help="folder of conversation tests ('' for none)")
    sub.add_argument("--reference-date", type=_date, default=datetime.date.today(),
                     help="the day relative dates are read from (default: today)")
    sub.set_defaults(handler=command_export)

    for name, handler, text in (("run", command_run, "run the NLU Evaluation Tool through the ASK CLI"),
                                ("profile", command_profile, "one utterance through profile-nlu")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--skill-id", required=True)
        sub.add_argument("--profile", help="ASK CLI profile")
        sub.add_argument("--locale", default="en-US")
        sub.add_argument("--stage", default="development")
        sub.set_defaults(handler=handler)
        if name == "run":
            sub.add_argument("--annotations", help="an exported file to upload (default: export now)")
            sub.add_argument("--format", choices=["json", "csv"], default="json",
                             help="which exported form to upload (default: json)")
            sub.add_argument("--results", help="folder for the responses (default: nlu-results/<locale>-<time>)")
        else:
            sub.add_argument("utterance")

    sub = commands.add_parser("compare", help="Alexa's routing next to the simulator's")
    sub.add_argument("--results", required=True, help="a folder written by run")
    sub.add_argument("--locale", help="default: the locale in run.json")
    sub.set_defaults(handler=command_compare)
    return main


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
