#!/usr/bin/env python3
"""Check, before anything is created at Amazon, that a deploy can go all the way.

`make deploy` and `make deploy-web` run this first. A failure here costs nothing; the
same failure halfway through `ask deploy` leaves a skill at Amazon with no endpoint.

    python3 scripts/deploy_preflight.py                  # the Lambda path (profile default)
    python3 scripts/deploy_preflight.py --profile web    # the web-service path: no AWS, no Lambda build

What it checks, each failure with a one-line fix:

- the Python that builds the Lambda package (the one ``hooks/build.sh`` picks, and the
  one running this) is 3.10 or later with pip: on 3.9, pip refuses the pinned requests
  ("requires a different Python"), after the skill already exists at Amazon;
- node is 20 or later (the ASK CLI's AWS SDK needs it);
- the ASK CLI is the pinned one from package.json, installed in node_modules/, and
  starts (``ask --version``; a bad antlr4ts made every command crash at start);
- an ASK CLI profile is configured (``ask configure``): ~/.ask/cli_config, or the
  ASK_ACCESS_TOKEN/ASK_REFRESH_TOKEN + ASK_VENDOR_ID variables; for the Lambda path,
  linked to AWS credentials;
- BSC_PUBLIC_BASE_URL (where /privacy and /terms are published) is an https URL and no
  placeholder, and BSC_OPERATOR_NAME and BSC_OPERATOR_CONTACT say who runs the skill;
- the interaction models pass Alexa's rules (scripts/check_interaction_model.py).

Standard library only, and written for any Python 3 so that it can say a Python is
too old. Exit status 0 when every check passes, 1 otherwise.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIN_PYTHON = (3, 10)
MIN_NODE = 20
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net")


class Check:
    def __init__(self):
        self.failures = []

    def ok(self, what):
        print("  ok    " + what)

    def fail(self, what, fix):
        self.failures.append(what)
        print("  FAIL  " + what + "\n        fix: " + fix)


def run(command, **kwargs):
    try:
        return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=120, cwd=ROOT, **kwargs)
    except (OSError, subprocess.SubprocessError) as error:
        return subprocess.CompletedProcess(command, 127, str(error))


def python_version(python):
    probe = run([python, "-c", "import sys, pip; print('%d.%d.%d' % sys.version_info[:3])"])
    if probe.returncode != 0:
        return None
    return tuple(int(part) for part in probe.stdout.strip().split("."))


def check_python(check):
    fix = ("install Python {}.{} or later (3.13 matches the Lambda runtime) and put it first "
           "on PATH as python3 (macOS: brew install python@3.13)".format(*MIN_PYTHON))
    pythons = [("this preflight's Python", sys.executable)]
    picked = run(["sh", os.path.join(ROOT, "hooks", "build.sh"), "--print-python"])
    if picked.returncode == 0 and picked.stdout.strip():
        pythons.append(("the Lambda build's Python (hooks/build.sh)", picked.stdout.strip().splitlines()[-1]))
    else:
        check.fail("hooks/build.sh could not pick a Python: " + picked.stdout.strip()[-200:], fix)
        return
    for role, python in pythons:
        version = python_version(python)
        shown = ".".join(map(str, version)) if version else "none with pip"
        if version is None or version[:2] < MIN_PYTHON:
            check.fail("{} is {} ({}); the package build needs {}.{} or later with pip".format(
                role, shown, python, *MIN_PYTHON), fix)
        else:
            check.ok(f"{role}: {shown} ({python})")


def check_node(check):
    node = shutil.which("node")
    fix = f"install Node.js {MIN_NODE} or later (https://nodejs.org, or your package manager)"
    if not node:
        check.fail("node is not on PATH", fix)
        return
    found = run([node, "--version"]).stdout.strip()
    match = re.match(r"v(\d+)\.", found)
    if not match or int(match.group(1)) < MIN_NODE:
        check.fail(f"node is {found or 'unknown'}; the ASK CLI needs {MIN_NODE} or later", fix)
    else:
        check.ok(f"node {found}")


def pinned_ask_cli_version():
    with open(os.path.join(ROOT, "package.json")) as f:
        return json.load(f)["dependencies"]["ask-cli"]


def check_ask_cli(check):
    ask = os.path.join(ROOT, "node_modules", ".bin", "ask")
    pinned = pinned_ask_cli_version()
    fix = "run `make deploy-tools` (npm ci: the pinned CLI into node_modules/, never a global install)"
    if not os.path.exists(ask):
        check.fail(f"the pinned ASK CLI {pinned} is not installed in node_modules/", fix)
        return None
    started = run([ask, "--version"], env=dict(os.environ, ASK_SKIP_NEW_VERSION_REMINDER="true",
                                               ASK_SHARE_USAGE="false"))
    found = started.stdout.strip().splitlines()[-1] if started.stdout.strip() else ""
    if started.returncode != 0 or found != pinned:
        check.fail(f"node_modules/.bin/ask --version gave {found[-200:]!r} (exit {started.returncode}), "
                   f"not {pinned}", "rm -rf node_modules && " + fix[4:])
        return None
    check.ok(f"ASK CLI {found} (node_modules/.bin/ask)")
    return ask


def check_profile(check, profile, needs_aws):
    fix = "run `npx ask configure{}` (sign in with your Amazon developer account{})".format(
        "" if profile == "default" else " --profile " + profile,
        " and link an AWS profile" if needs_aws else "")
    env_profile = (os.environ.get("ASK_VENDOR_ID")
                   and (os.environ.get("ASK_ACCESS_TOKEN") or os.environ.get("ASK_REFRESH_TOKEN")))
    aws_from_env = os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY")
    if env_profile and (aws_from_env or not needs_aws):
        check.ok("ASK profile from the environment (ASK_VENDOR_ID and a token)")
        return
    config_path = os.path.join(os.path.expanduser("~"), ".ask", "cli_config")
    try:
        with open(config_path) as f:
            config = json.load(f)
    except (OSError, ValueError):
        check.fail(f"no ASK CLI profile: {config_path} is missing or unreadable", fix)
        return
    entry = (config.get("profiles") or {}).get(profile) or {}
    token = entry.get("token") or {}
    if not entry.get("vendor_id") or not (token.get("refresh_token") or token.get("access_token")):
        check.fail(f"ASK CLI profile {profile!r} is not configured (no vendor id or token in {config_path})", fix)
        return
    if not needs_aws:
        check.ok(f"ASK CLI profile {profile!r}")
        return
    aws_profile = entry.get("aws_profile")
    if not aws_profile:
        check.fail(f"ASK CLI profile {profile!r} is linked to no AWS profile", fix)
        return
    credentials = os.environ.get("AWS_SHARED_CREDENTIALS_FILE") or os.path.join(
        os.path.expanduser("~"), ".aws", "credentials")
    sections = set()
    if os.path.isfile(credentials):
        with open(credentials) as f:
            sections = set(re.findall(r"^\s*\[([^\]]+)\]", f.read(), re.MULTILINE))
    if aws_profile not in sections and not aws_from_env:
        check.fail(f"AWS profile {aws_profile!r} (linked to ASK profile {profile!r}) has no credentials in {credentials}", fix)
        return
    check.ok(f"ASK CLI profile {profile!r}, linked to AWS profile {aws_profile!r}")


def check_publication(check, web_endpoint):
    base = os.environ.get("BSC_PUBLIC_BASE_URL") or ""
    if base or not web_endpoint:
        fix = ("export BSC_PUBLIC_BASE_URL=https://your.site (the https address where /privacy "
               "and /terms are published)")
        host = re.match(r"^https://([^/\s:]+)", base)
        if not base:
            check.fail("BSC_PUBLIC_BASE_URL is not set", fix)
        elif not host:
            check.fail(f"BSC_PUBLIC_BASE_URL {base!r} is not an https URL", fix)
        elif host.group(1).lower().endswith(PLACEHOLDER_HOSTS):
            check.fail(f"BSC_PUBLIC_BASE_URL {base!r} is a placeholder address", fix)
        else:
            check.ok(f"BSC_PUBLIC_BASE_URL {base}")
    for name, example in (("BSC_OPERATOR_NAME", "\"Ann Example\""),
                          ("BSC_OPERATOR_CONTACT", "privacy@your.site")):
        if not (os.environ.get(name) or "").strip():
            check.fail(f"{name} is not set: the privacy and terms pages must say who runs the skill "
                       "and how to reach them", f"export {name}={example}")
        else:
            check.ok(f"{name} is set")


def check_models(check):
    result = run([sys.executable, os.path.join(ROOT, "scripts", "check_interaction_model.py")])
    if result.returncode != 0:
        check.fail("the interaction models break Alexa's rules:\n        "
                   + "\n        ".join(result.stdout.strip().splitlines()[:10]),
                   "python3 scripts/check_interaction_model.py shows every problem and its rule")
    else:
        check.ok(result.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", default="default", choices=("default", "web"),
                        help="the ask-resources.json profile to deploy (default: the Lambda path)")
    parser.add_argument("--endpoint", help="the web service's https URL (--profile web)")
    args = parser.parse_args(argv)
    lambda_path = args.profile == "default"
    check = Check()
    print("Deploy preflight ({}):".format("Lambda path" if lambda_path else "web-service path"))
    if not lambda_path and sys.version_info[:2] < MIN_PYTHON:
        check.fail("this Python is {}.{}.{} ({}); the deploy needs {}.{} or later".format(
                   *sys.version_info[:3], sys.executable, *MIN_PYTHON),
                   "install Python 3.13 and run `make deploy PYTHON=python3.13`")
    if lambda_path:
        check_python(check)
    elif not re.match(r"^https://[^\s/]+", args.endpoint or ""):
        check.fail("ENDPOINT %r is not an https URL" % (args.endpoint or ""),
                   "ENDPOINT=https://your.host/ make deploy-web")
    check_node(check)
    check_ask_cli(check)
    check_profile(check, args.profile, needs_aws=lambda_path)
    check_publication(check, web_endpoint=not lambda_path)
    check_models(check)
    if check.failures:
        print(f"Deploy preflight: {len(check.failures)} check(s) failed; nothing was sent to Amazon.")
        return 1
    print("Deploy preflight: all checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
