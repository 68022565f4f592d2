"""Running an annotation set through Amazon's NLU Evaluation Tool with the ASK CLI.

The sequence, one ``ask smapi`` command each (names and flags as the ASK CLI
v2 builds them from the SMAPI model; ``--stage`` defaults to development):

1. ``create-nlu-annotation-set --skill-id --locale --name`` -> ``{"id"}``
2. ``update-annotations-for-nlu-annotation-sets --skill-id --annotation-id
   --content-type application/json --update-nlu-annotation-set-annotations-request
   file:annotations.<locale>.json`` (the CLI reads a ``file:`` value and sends
   it as the body; a CSV file goes with ``--content-type text/csv``)
3. ``create-nlu-evaluations --skill-id --stage --locale --source-annotation-id`` -> ``{"id"}``
4. ``get-nlu-evaluation --skill-id --evaluation-id``, repeated while its
   ``status`` is IN_PROGRESS (then PASSED, FAILED or ERROR)
5. ``get-result-for-nlu-evaluations --skill-id --evaluation-id [--next-token]``,
   page after page while ``paginationContext.nextToken`` is given

Every response is saved, as printed, in the results folder, with ``run.json``
saying what was run. The command is a function (``ask``: argument list in,
standard output out), so tests replace it; the real one runs the ``ask``
program, which needs ``ask configure`` done with an Amazon developer account.
"""

import json
import os
import subprocess
import time
from collections.abc import Callable

Ask = Callable[[list[str]], str]

FINISHED = {"PASSED", "FAILED"}


class EvaluationError(RuntimeError):
    """The ASK CLI failed, or Amazon reported the evaluation as failed to run."""


#: The ASK CLI pinned in package.json (`make deploy-tools` installs it; docs/deploying.md).
PINNED_ASK = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                          "node_modules", ".bin", "ask")


def ask_cli(arguments: list[str]) -> str:
    """Run ``ask <arguments>`` (the pinned CLI) and return what it printed."""
    try:
        done = subprocess.run([PINNED_ASK, *arguments], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise EvaluationError("the pinned ASK CLI is not installed (make deploy-tools)") from None
    if done.returncode != 0:
        raise EvaluationError(f"ask {' '.join(arguments[:2])} failed ({done.returncode}): "
                              f"{(done.stderr or done.stdout).strip()}")
    return done.stdout


class Runner:
    def __init__(self, skill_id: str, results_dir: str, ask: Ask = ask_cli,
                 profile: str | None = None, stage: str = "development",
                 sleep: Callable[[float], None] = time.sleep, poll_seconds: float = 10,
                 max_polls: int = 360):
        self.skill_id = skill_id
        self.results_dir = results_dir
        self.ask = ask
        self.profile = profile
        self.stage = stage
        self.sleep = sleep
        self.poll_seconds = poll_seconds
        self.max_polls = max_polls

    def call(self, command: str, *options: str, save_as: str | None = None) -> str:
        arguments = ["smapi", command, "--skill-id", self.skill_id, *options]
        if self.profile:
            arguments += ["--profile", self.profile]
        output = self.ask(arguments)
        if save_as:
            with open(os.path.join(self.results_dir, save_as), "w", encoding="utf-8") as handle:
                handle.write(output)
        return output

    def call_json(self, command: str, *options: str, save_as: str) -> dict:
        output = self.call(command, *options, save_as=save_as)
        try:
            return json.loads(output)
        except ValueError:
            raise EvaluationError(f"{command} printed no JSON: {output.strip()[:200]!r}") from None

    def evaluate(self, locale: str, annotations_path: str, name: str) -> dict:
        """The whole sequence for one locale; returns what ``run.json`` records."""
        os.makedirs(self.results_dir, exist_ok=True)
        content_type = "text/csv" if annotations_path.endswith(".csv") else "application/json"
        annotation_id = self.call_json(
            "create-nlu-annotation-set", "--locale", locale, "--name", name,
            save_as="create-nlu-annotation-set.json")["id"]
        self.call("update-annotations-for-nlu-annotation-sets", "--annotation-id", annotation_id,
                  "--content-type", content_type,
                  "--update-nlu-annotation-set-annotations-request",
                  "file:" + os.path.abspath(annotations_path),
                  save_as="update-annotations-for-nlu-annotation-sets.txt")
        evaluation_id = self.call_json(
            "create-nlu-evaluations", "--stage", self.stage, "--locale", locale,
            "--source-annotation-id", annotation_id, save_as="create-nlu-evaluations.json")["id"]
        status = self.wait(evaluation_id)
        pages = self.fetch_results(evaluation_id)
        run = {"skill_id": self.skill_id, "locale": locale, "stage": self.stage,
               "annotations": os.path.abspath(annotations_path), "annotation_set_name": name,
               "annotation_id": annotation_id, "evaluation_id": evaluation_id,
               "status": status, "result_pages": pages}
        with open(os.path.join(self.results_dir, "run.json"), "w", encoding="utf-8") as handle:
            json.dump(run, handle, indent=1)
            handle.write("\n")
        return run

    def wait(self, evaluation_id: str) -> str:
        for _ in range(self.max_polls):
            evaluation = self.call_json("get-nlu-evaluation", "--evaluation-id", evaluation_id,
                                        save_as="get-nlu-evaluation.json")
            status = evaluation.get("status")
            if status in FINISHED:
                return status
            if status != "IN_PROGRESS":
                raise EvaluationError(f"evaluation {evaluation_id} ended {status}: "
                                      f"{evaluation.get('errorMessage', '')}")
            self.sleep(self.poll_seconds)
        raise EvaluationError(f"evaluation {evaluation_id} still in progress after {self.max_polls} polls")

    def fetch_results(self, evaluation_id: str) -> list[str]:
        pages, token = [], None
        while True:
            name = f"get-result-for-nlu-evaluations-{len(pages) + 1:03d}.json"
            options = ["--evaluation-id", evaluation_id] + (["--next-token", token] if token else [])
            page = self.call_json("get-result-for-nlu-evaluations", *options, save_as=name)
            pages.append(name)
            token = (page.get("paginationContext") or {}).get("nextToken")
            if not token:
                return pages

    def profile_utterance(self, locale: str, utterance: str) -> dict:
        """Alexa's reading of one utterance (``ask smapi profile-nlu``)."""
        output = self.call("profile-nlu", "--stage", self.stage, "--locale", locale,
                           "--utterance", utterance)
        try:
            return json.loads(output)
        except ValueError:
            raise EvaluationError(f"profile-nlu printed no JSON: {output.strip()[:200]!r}") from None
