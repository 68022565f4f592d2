#!/usr/bin/env python3
"""Assemble the skill package that the ASK CLI and the developer console read.

The project keeps its sources where people edit them:

    skill-package/skill.json            the manifest (placeholder endpoint, privacy and terms URLs)
    skill-package/assets/               icons referenced from the manifest
    interaction_models/<locale>.json    one interaction model per locale (committed source;
                                        this script never generates or edits them)

and the ASK CLI v2 (``ask-resources.json``) reads ``build/skill-package``:

    build/skill-package/skill.json
    build/skill-package/assets/...
    build/skill-package/interactionModels/custom/<locale>.json

Usage:

    # `make deploy`: the Lambda path. On a first deploy the endpoints are left out for
    # `ask deploy`'s CloudFormation deployer to fill in; on a redeploy they are the
    # function the stack already has (from .ask/ask-states.json), so no import of the
    # redeploy leaves the live skill without an endpoint. The privacy and terms pages are
    # published under BSC_PUBLIC_BASE_URL (or --public-base-url) at /privacy and /terms,
    # and a copy for a static host is written to build/public-pages/.
    BSC_PUBLIC_BASE_URL=https://coach.example.org BSC_OPERATOR_NAME="Ann Operator" \
        BSC_OPERATOR_CONTACT=ann@example.org python scripts/build_skill_package.py --lambda-from-ask-deploy
    # `make deploy-web`: a web service; its own /privacy and /terms pages are used.
    python scripts/build_skill_package.py --endpoint https://coach.example.org/ --output-dir build/skill-package-web
    python scripts/build_skill_package.py --lambda-arn arn:aws:lambda:us-east-1:123456789012:function:back-spasm-coach
    python scripts/build_skill_package.py --dry-run          # placeholders kept, with a warning

A package that would still carry an ``https://example.com/`` placeholder, or whose
privacy and terms pages would not name who runs the skill and how to reach them
(``BSC_OPERATOR_NAME``, ``BSC_OPERATOR_CONTACT``), is refused (exit status 1, nothing
written) unless ``--dry-run`` says it will not be deployed.

It checks on the way: every file is well-formed JSON; the locales of the manifest's
publishing and privacy sections match the model files exactly; every model names the
same invocation name and passes Alexa's model rules (``scripts/check_interaction_model.py``:
a model Amazon would refuse to build is never packaged), and the manifest's example
phrases are samples of the models; icons referenced as ``file://`` exist; endpoints are
https URLs (or a Lambda ARN). Standard library only.
Exit status 0 on success, 1 with a message on stderr on any problem.
"""

import argparse
import importlib.util
import json
import os
import re
import shutil
import sys
from pathlib import Path

# A sibling script, standard library only (python puts this script's folder first on the path).
import check_interaction_model

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MANIFEST = ROOT / "skill-package" / "skill.json"
DEFAULT_MODELS_DIR = ROOT / "interaction_models"
DEFAULT_OUTPUT_DIR = ROOT / "build" / "skill-package"
# Written by `ask deploy`: the skill id and each deploy's results, the stack's outputs included.
DEFAULT_ASK_STATES = ROOT / ".ask" / "ask-states.json"
CFN_DEPLOYER = "@ask-cli/cfn-deployer"
# The stack output the cfn-deployer writes into the manifest as the endpoint (skill-stack.yaml).
ENDPOINT_OUTPUT = "SkillEndpoint"


def _load_publication():
    """skill/publication.py on its own: the build runs without the skill's dependencies,
    which importing the ``skill`` package would need."""
    spec = importlib.util.spec_from_file_location("bsc_publication", ROOT / "skill" / "publication.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


publication = _load_publication()

PLACEHOLDER_HOST = "example.com"
LAMBDA_ARN = re.compile(r"^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$")
HTTPS_URL = re.compile(r"^https://[^\s/]+(/\S*)?$")
# Alexa's names for the certificate an https endpoint presents (developer console: Endpoint).
CERTIFICATE_TYPES = ("Trusted", "Wildcard", "SelfSigned")
PUBLIC_BASE_URL_SETTING = "BSC_PUBLIC_BASE_URL"
# Where the Flask app (skill/web/pages.py) serves skill/public/privacy.md and terms.md.
PRIVACY_PATH = "/privacy"
TERMS_PATH = "/terms"
LOCALE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")


class BuildError(Exception):
    """A problem in the sources; the message says which file and what."""


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise BuildError(f"{path}: file not found") from None
    except json.JSONDecodeError as e:
        raise BuildError(f"{path}: not well-formed JSON ({e})") from None


def load_models(models_dir):
    """{locale: model} for every interaction_models/<locale>.json."""
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        raise BuildError(f"{models_dir}: models folder not found")
    models = {}
    for path in sorted(models_dir.glob("*.json")):
        locale = path.stem
        if not LOCALE.match(locale):
            raise BuildError(f"{path}: file name must be a locale such as en-US.json")
        model = load_json(path)
        language_model = (model.get("interactionModel") or {}).get("languageModel")
        if not isinstance(language_model, dict):
            raise BuildError(f"{path}: expected an object interactionModel.languageModel")
        if not language_model.get("invocationName"):
            raise BuildError(f"{path}: languageModel.invocationName is missing")
        if not isinstance(language_model.get("intents"), list) or not language_model["intents"]:
            raise BuildError(f"{path}: languageModel.intents must be a non-empty list")
        models[locale] = model
    if not models:
        raise BuildError(f"{models_dir}: no <locale>.json interaction models found")
    invocation_names = {m["interactionModel"]["languageModel"]["invocationName"] for m in models.values()}
    if len(invocation_names) != 1:
        raise BuildError(f"models disagree on the invocation name: {sorted(invocation_names)}")
    problems = [p for locale, model in sorted(models.items())
                for p in check_interaction_model.check_model(model, f"{locale}.json")]
    if problems:
        raise BuildError("the interaction models break Alexa's rules (Amazon would refuse to build "
                         "them):\n  " + "\n  ".join(map(check_interaction_model.describe, problems[:20]))
                         + ("\n  ..." if len(problems) > 20 else "")
                         + "\n  (python3 scripts/check_interaction_model.py lists them all)")
    return models


def check_manifest(manifest, locales, manifest_path):
    body = manifest.get("manifest")
    if not isinstance(body, dict):
        raise BuildError(f"{manifest_path}: expected a top-level \"manifest\" object")
    publishing = set((body.get("publishingInformation") or {}).get("locales") or {})
    privacy = set((body.get("privacyAndCompliance") or {}).get("locales") or {})
    expected = set(locales)
    for section, found in (("publishingInformation.locales", publishing),
                           ("privacyAndCompliance.locales", privacy)):
        if found != expected:
            raise BuildError(
                f"{manifest_path}: {section} has {sorted(found)} but interaction models exist for "
                f"{sorted(expected)}; they must match")
    endpoint = (((body.get("apis") or {}).get("custom") or {}).get("endpoint") or {}).get("uri")
    if not endpoint:
        raise BuildError(f"{manifest_path}: apis.custom.endpoint.uri is missing")
    return body


def icon_paths(body):
    """The file:// icon references of every publishing locale, relative to the package."""
    refs = []
    for locale, info in sorted(body["publishingInformation"]["locales"].items()):
        for key in ("smallIconUri", "largeIconUri"):
            uri = info.get(key, "")
            if uri.startswith("file://"):
                refs.append((locale, key, uri[len("file://"):]))
    return refs


def endpoint_object(endpoint=None, lambda_arn=None, certificate_type="Trusted"):
    if lambda_arn is not None:
        return {"uri": lambda_arn}
    return {"uri": endpoint, "sslCertificateType": certificate_type}


def set_endpoints(body, endpoint=None, lambda_arn=None, certificate_type="Trusted"):
    """Point the custom API and the skill-event subscription at one endpoint."""
    body["apis"]["custom"]["endpoint"] = endpoint_object(endpoint, lambda_arn, certificate_type)
    if "events" in body:
        body["events"]["endpoint"] = endpoint_object(endpoint, lambda_arn, certificate_type)


def leave_endpoints_to_ask_deploy(body):
    """No endpoint yet: ``ask deploy``'s cfn-deployer writes the Lambda ARN into
    ``apis.custom.endpoint`` after the stack is up, and the events block (endpoint and
    subscriptions) from ``skillInfrastructure.userConfig.skillEvents`` in ask-resources.json."""
    body["apis"]["custom"].pop("endpoint", None)
    body.pop("events", None)


def deployed_endpoint(ask_states_path=DEFAULT_ASK_STATES, profile="default"):
    """The Lambda ARN the skill's stack gave on the last ``ask deploy``, or None before any.

    ``ask deploy`` keeps the cfn-deployer's results in ``.ask/ask-states.json``: per Alexa
    region, the stack id and its outputs, ``SkillEndpoint`` among them (ask-cli 2.30.7,
    builtins/deploy-delegates/cfn-deployer/index.js)."""
    path = Path(ask_states_path)
    if not path.is_file():
        return None
    states = load_json(path)
    deploy_state = (((((states.get("profiles") or {}).get(profile) or {}).get("skillInfrastructure") or {})
                     .get(CFN_DEPLOYER) or {}).get("deployState") or {})
    outputs = (deploy_state.get("default") or {}).get("outputs") or []
    endpoints = [o.get("OutputValue") for o in outputs if o.get("OutputKey") == ENDPOINT_OUTPUT]
    if not endpoints:
        return None
    if not LAMBDA_ARN.match(endpoints[0] or ""):
        raise BuildError(f"{path}: the stack's {ENDPOINT_OUTPUT} output {endpoints[0]!r} is not a Lambda ARN")
    return endpoints[0]


def set_policy_urls(body, public_base_url):
    """Every locale's privacy policy and terms of use, as the web app serves them."""
    base = public_base_url.rstrip("/")
    for urls in body["privacyAndCompliance"]["locales"].values():
        urls["privacyPolicyUrl"] = base + PRIVACY_PATH
        urls["termsOfUseUrl"] = base + TERMS_PATH


def placeholders_left(body):
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{where}.{k}" if where else k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")
        elif isinstance(node, str) and re.match(rf"^https://{re.escape(PLACEHOLDER_HOST)}(/|$)", node):
            found.append(where)

    walk(body, "")
    return found


def build(manifest_path=DEFAULT_MANIFEST, models_dir=DEFAULT_MODELS_DIR, output_dir=DEFAULT_OUTPUT_DIR,
          endpoint=None, lambda_arn=None, lambda_from_ask_deploy=False, certificate_type="Trusted",
          public_base_url=None, dry_run=False, ask_states=DEFAULT_ASK_STATES, ask_profile="default",
          pages_dir=None, publisher=None, environ=None):
    """Validate the sources and write the package; returns ``(files written, placeholders left)``.

    ``public_base_url`` defaults to the web-service ``endpoint`` (the Flask app serves the
    pages). Unless ``dry_run``, a package that still carries a placeholder URL, or whose
    pages would not name the operator and a contact, is refused. With
    ``lambda_from_ask_deploy``, the endpoint of the stack ``ask deploy`` last deployed
    (``ask_states``) is kept in the package; before the first deploy there is none.
    """
    endpoint_choices = [endpoint is not None, lambda_arn is not None, lambda_from_ask_deploy]
    if sum(endpoint_choices) > 1:
        raise BuildError("give one of --endpoint, --lambda-arn or --lambda-from-ask-deploy")
    if endpoint is not None and not HTTPS_URL.match(endpoint):
        raise BuildError(f"--endpoint must be an https:// URL, got {endpoint!r}")
    if lambda_arn is not None and not LAMBDA_ARN.match(lambda_arn):
        raise BuildError(f"--lambda-arn does not look like a Lambda function ARN: {lambda_arn!r}")
    if certificate_type not in CERTIFICATE_TYPES:
        raise BuildError(f"--certificate-type must be one of {', '.join(CERTIFICATE_TYPES)}")
    if public_base_url is None and endpoint is not None:
        public_base_url = endpoint
    if public_base_url is not None and not HTTPS_URL.match(public_base_url):
        raise BuildError(f"the public base URL ({PUBLIC_BASE_URL_SETTING} or --public-base-url) "
                         f"must be an https:// URL, got {public_base_url!r}")

    manifest_path = Path(manifest_path)
    package_src = manifest_path.parent
    models = load_models(models_dir)
    manifest = load_json(manifest_path)
    body = check_manifest(manifest, models, manifest_path)
    phrase_problems = check_interaction_model.check_example_phrases(manifest, models, manifest_path.name)
    if phrase_problems:
        raise BuildError("; ".join(map(check_interaction_model.describe, phrase_problems)))

    icons = icon_paths(body)
    for locale, key, rel in icons:
        if not (package_src / rel).is_file():
            raise BuildError(f"{manifest_path}: {locale} {key} points at {rel}, which does not exist")

    if endpoint is not None or lambda_arn is not None:
        set_endpoints(body, endpoint, lambda_arn, certificate_type)
    elif lambda_from_ask_deploy:
        deployed = deployed_endpoint(ask_states, ask_profile)
        if deployed:
            set_endpoints(body, lambda_arn=deployed)
        else:
            leave_endpoints_to_ask_deploy(body)
    if public_base_url is not None:
        set_policy_urls(body, public_base_url)
    placeholders = placeholders_left(body)
    if placeholders and not dry_run:
        raise BuildError(
            "placeholder https://example.com/ URLs are still set at: " + ", ".join(placeholders)
            + f". Set {PUBLIC_BASE_URL_SETTING} (where /privacy and /terms are published) and an "
              "endpoint (--lambda-from-ask-deploy, --endpoint or --lambda-arn), or pass --dry-run "
              "for a package that will not be deployed")
    publisher = publisher or publication.Publisher.from_env(os.environ if environ is None else environ)
    if publisher.unset() and not dry_run:
        raise BuildError(
            "the privacy and terms pages must say who runs the skill and how to reach them: set "
            + " and ".join(publisher.unset()) + " (e.g. BSC_OPERATOR_NAME=\"Ann Example\" "
            "BSC_OPERATOR_CONTACT=privacy@your.site), or pass --dry-run")

    output_dir = Path(output_dir)
    custom_dir = output_dir / "interactionModels" / "custom"
    custom_dir.mkdir(parents=True, exist_ok=True)
    # Drop models of locales that no longer exist, so a stale file is never deployed.
    for stale in custom_dir.glob("*.json"):
        if stale.stem not in models:
            stale.unlink()

    written = []
    skill_json = output_dir / "skill.json"
    skill_json.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(skill_json)
    for locale, model in sorted(models.items()):
        target = custom_dir / f"{locale}.json"
        target.write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    for _, _, rel in icons:
        target = output_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package_src / rel, target)
        written.append(target)
    if public_base_url is not None and endpoint is None:
        # No web server on this path: the pages are published on a static host.
        pages_dir = Path(pages_dir) if pages_dir else output_dir.parent / "public-pages"
        written += publication.write_static_pages(pages_dir, publisher, public_base_url)
    return written, placeholders


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", help="https URL of the skill's web service (sets the custom API "
                                           "and skill-event endpoints, sslCertificateType Trusted)")
    parser.add_argument("--lambda-arn", help="use this AWS Lambda function ARN as the endpoint instead")
    parser.add_argument("--lambda-from-ask-deploy", action="store_true",
                        help="the endpoint `ask deploy` (cfn-deployer) gave last time (.ask/ask-states.json), "
                             "or none before the first deploy: the deployer writes the Lambda ARN")
    parser.add_argument("--ask-states", default=str(DEFAULT_ASK_STATES), help=argparse.SUPPRESS)
    parser.add_argument("--pages-dir", help="where the static copy of /privacy and /terms is written on "
                                            "the Lambda path (default: public-pages beside the package)")
    parser.add_argument("--certificate-type", choices=CERTIFICATE_TYPES, default="Trusted",
                        help="the certificate the --endpoint host presents (default Trusted)")
    parser.add_argument("--public-base-url", default=os.environ.get(PUBLIC_BASE_URL_SETTING) or None,
                        help=f"https URL under which {PRIVACY_PATH} and {TERMS_PATH} are published "
                             f"(default ${PUBLIC_BASE_URL_SETTING}, else the --endpoint)")
    parser.add_argument("--dry-run", action="store_true",
                        help="allow placeholder URLs: the package is for checking, not deploying")
    parser.add_argument("--output-dir", default=str(DEFAULT_OUTPUT_DIR),
                        help="where to write the package (default: build/skill-package)")
    parser.add_argument("--manifest", default=str(DEFAULT_MANIFEST), help=argparse.SUPPRESS)
    parser.add_argument("--models-dir", default=str(DEFAULT_MODELS_DIR), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        written, placeholders = build(args.manifest, args.models_dir, args.output_dir,
                                      endpoint=args.endpoint, lambda_arn=args.lambda_arn,
                                      lambda_from_ask_deploy=args.lambda_from_ask_deploy,
                                      certificate_type=args.certificate_type,
                                      public_base_url=args.public_base_url, dry_run=args.dry_run,
                                      ask_states=args.ask_states, pages_dir=args.pages_dir)
    except BuildError as e:
        print(f"build_skill_package: error: {e}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files to {args.output_dir}")
    if args.lambda_from_ask_deploy:
        deployed = deployed_endpoint(args.ask_states)
        print(f"Endpoint: {deployed} (the stack's, from the last deploy)" if deployed else
              "Endpoint: none yet (a first deploy: ask deploy writes the stack's after creating it)")
    for path in written:
        print(f"  {path}")
    if placeholders:
        print("warning (dry run): placeholder https://example.com/ URLs are still set at: "
              + ", ".join(placeholders) + f". Do not deploy this package; set {PUBLIC_BASE_URL_SETTING} "
              "and an endpoint option instead.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
