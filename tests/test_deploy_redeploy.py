"""`make deploy`, twice, with the pinned ASK CLI, against stand-ins for Amazon.

A fresh clone runs `make deploy` as a developer would, then again after a change: the
pinned `ask` from node_modules/ (package.json), its whole deploy flow, against a
stand-in skill-management API (tests/ask_cli/fake_smapi.py) and moto for AWS (S3,
CloudFormation, Lambda, IAM, DynamoDB, CloudWatch Logs). Every manifest the skill is
given is recorded. The first deploy creates the skill with no endpoint (the
cfn-deployer writes the function's ARN once the stack exists); from then on, no
manifest the skill is given lacks the endpoint: the redeploy's first import carries
the stack's endpoint, so the live skill never answers with nothing behind it.

Also here: the pinned `ask` starts (`ask --version`, `ask deploy --help`), and the
preflight refuses a Python 3.9 before anything reaches the stand-in.

Needs node and the pinned CLI in node_modules/ (`make test` installs it when npm is
there); skipped otherwise.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ask_cli.fake_smapi import FakeSmapi

ROOT = Path(__file__).resolve().parent.parent
ASK = ROOT / "node_modules" / ".bin" / "ask"
PINNED = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["ask-cli"]
SETTINGS = {"BSC_PUBLIC_BASE_URL": "https://coach.bsc-pages.net",
            "BSC_OPERATOR_NAME": "Ann Operator", "BSC_OPERATOR_CONTACT": "ann@example.org"}

needs_cli = pytest.mark.skipif(not (shutil.which("node") and ASK.exists()),
                               reason="node or the pinned ASK CLI (node_modules/, `make deploy-tools`) is missing")


def quiet_cli_env(**extra):
    """No telemetry, no version check against the registry, no developer's own settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BSC_", "ASK_", "AWS_"))
           # an outer `make test ARGS=...` passes its variables down through these
           and k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    env.update(ASK_SHARE_USAGE="false", ASK_SKIP_NEW_VERSION_REMINDER="true", **extra)
    return env


@needs_cli
def test_the_pinned_ask_cli_starts():
    version = subprocess.run([str(ASK), "--version"], capture_output=True, text=True, timeout=120,
                             env=quiet_cli_env())
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == PINNED
    deploy_help = subprocess.run([str(ASK), "deploy", "--help"], capture_output=True, text=True,
                                 timeout=120, env=quiet_cli_env())
    assert deploy_help.returncode == 0, deploy_help.stderr
    assert "--ignore-hash" in deploy_help.stdout and "--profile" in deploy_help.stdout


def test_the_lockfile_pins_the_cli_and_the_antlr4ts_override():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert package["overrides"] == {"antlr4ts": "0.5.0-alpha.4"}
    assert lock["packages"]["node_modules/ask-cli"]["version"] == PINNED == package["dependencies"]["ask-cli"]
    assert lock["packages"]["node_modules/antlr4ts"]["version"] == "0.5.0-alpha.4"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(ASK) deploy" in makefile and "npm ci" in makefile
    assert "npm install -g" not in makefile


def tracked_files():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: what a fresh clone holds is unknown")
    return [name for name in listed.stdout.decode().split("\0") if name]


@pytest.fixture
def clone(tmp_path):
    """The tracked files in an empty folder, with the installed deploy tools beside them."""
    clone = tmp_path / "back-spasm-coach"
    for name in tracked_files():
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    if (ROOT / "node_modules").is_dir():
        (clone / "node_modules").symlink_to(ROOT / "node_modules")
    return clone


@pytest.fixture
def developer_home(tmp_path):
    """A home as `ask configure` leaves it: an ASK profile linked to an AWS profile."""
    home = tmp_path / "home"
    (home / ".ask").mkdir(parents=True)
    (home / ".ask" / "cli_config").write_text(json.dumps({"profiles": {"default": {
        "aws_profile": "bsc-test", "vendor_id": "M1TESTVENDOR",
        "token": {"access_token": "test-token", "refresh_token": "test-refresh", "token_type": "bearer",
                  "expires_in": 3600, "expires_at": "2099-01-01T00:00:00.000Z"}}},
        "share_usage": False}), encoding="utf-8")
    (home / ".aws").mkdir()
    (home / ".aws" / "credentials").write_text(
        "[bsc-test]\naws_access_key_id = testing\naws_secret_access_key = testing\n", encoding="utf-8")
    (home / ".aws" / "config").write_text("[profile bsc-test]\nregion = us-east-1\n", encoding="utf-8")
    return home


def make_deploy(clone, home, smapi_url, aws_url, path=None, **settings):
    env = quiet_cli_env(HOME=str(home), ASK_SMAPI_SERVER_BASE_URL=smapi_url, AWS_ENDPOINT_URL=aws_url,
                        **{**SETTINGS, **settings})
    if path:
        env["PATH"] = path
    return subprocess.run(["make", "deploy", f"PYTHON={env.get('DEPLOY_PYTHON', sys.executable)}"],
                          cwd=clone, capture_output=True, text=True, env=env, timeout=600)


def endpoint_of(manifest):
    return ((manifest.get("apis") or {}).get("custom") or {}).get("endpoint")


@needs_cli
def test_make_deploy_twice_never_gives_the_live_skill_a_manifest_without_its_endpoint(
        clone, developer_home, dynamodb_server):
    with FakeSmapi(aws_endpoint=dynamodb_server) as smapi:
        first = make_deploy(clone, developer_home, smapi.url, dynamodb_server)
        assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
        assert "Deploy preflight: all checks passed." in first.stdout
        after_first = len(smapi.manifests)
        states = json.loads((clone / ".ask" / "ask-states.json").read_text(encoding="utf-8"))
        skill_id = states["profiles"]["default"]["skillId"]
        outputs = states["profiles"]["default"]["skillInfrastructure"]["@ask-cli/cfn-deployer"][
            "deployState"]["default"]["outputs"]
        arn = next(o["OutputValue"] for o in outputs if o["OutputKey"] == "SkillEndpoint")

        # A change to ship: the redeploy carries it, and the endpoint all the way through.
        description = clone / "skill-package" / "skill.json"
        manifest = json.loads(description.read_text(encoding="utf-8"))
        manifest["manifest"]["publishingInformation"]["locales"]["en-US"]["keywords"].append("back ache")
        description.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        second = make_deploy(clone, developer_home, smapi.url, dynamodb_server)
        assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
        assert f"Endpoint: {arn} (the stack's, from the last deploy)" in second.stdout

    given = [(how, endpoint_of(m)) for how, _, m in smapi.manifests]
    # Create: the first import has no endpoint yet; the stack's ARN follows in the same deploy.
    assert given[0] == ("import", None)
    assert given[after_first - 1][1] == {"uri": arn}
    # Redeploy: every manifest names the working function, the first import included.
    redeploy = given[after_first:]
    assert redeploy and redeploy[0][0] == "import"
    assert all(endpoint == {"uri": arn} for _, endpoint in redeploy), given
    assert all(m.get("events", {}).get("endpoint") == {"uri": arn} for _, _, m in smapi.manifests[after_first:])
    assert "back ache" in smapi.manifests[after_first][2]["publishingInformation"]["locales"]["en-US"]["keywords"]
    assert {skill for _, skill, _ in smapi.manifests} == {skill_id}
    assert smapi.skills[skill_id]["enabled"]


@needs_cli
def test_the_preflight_refuses_python_3_9_before_anything_reaches_amazon(clone, developer_home, tmp_path):
    candidates = [shutil.which("python3.9"), *sorted(Path.home().glob(".pyenv/versions/3.9*/bin/python3.9"))]
    python39 = next((c for c in candidates if c and subprocess.run(
        [str(c), "-c", "import pip"], capture_output=True).returncode == 0), None)
    if python39 is None:
        pytest.skip("no Python 3.9 with pip on this machine")
    shim = tmp_path / "python39-first"
    shim.mkdir()
    (shim / "python3").symlink_to(python39)
    path = f"{shim}{os.pathsep}{os.environ['PATH']}"
    with FakeSmapi() as smapi:
        result = make_deploy(clone, developer_home, smapi.url, "http://127.0.0.1:9", path=path,
                             DEPLOY_PYTHON=str(shim / "python3"))
    assert result.returncode != 0
    assert "the Lambda build's Python (hooks/build.sh) is 3.9" in result.stdout
    assert "fix: install Python 3.10 or later" in result.stdout
    assert "nothing was sent to Amazon" in result.stdout
    assert smapi.calls == []
    assert not (clone / ".ask").exists()


@pytest.mark.parametrize("unset, message", [
    ("BSC_PUBLIC_BASE_URL", "BSC_PUBLIC_BASE_URL is not set"),
    ("BSC_OPERATOR_CONTACT", "BSC_OPERATOR_CONTACT is not set"),
])
@needs_cli
def test_the_preflight_names_each_missing_setting_with_its_fix(clone, developer_home, unset, message):
    with FakeSmapi() as smapi:
        result = make_deploy(clone, developer_home, smapi.url, "http://127.0.0.1:9", **{unset: ""})
    assert result.returncode != 0
    assert message in result.stdout and f"fix: export {unset}=" in result.stdout
    assert smapi.calls == []


@needs_cli
def test_the_preflight_wants_a_configured_ask_profile(clone, tmp_path):
    empty_home = tmp_path / "empty-home"
    empty_home.mkdir()
    with FakeSmapi() as smapi:
        result = make_deploy(clone, empty_home, smapi.url, "http://127.0.0.1:9")
    assert result.returncode != 0
    assert "no ASK CLI profile" in result.stdout and "fix: run `npx ask configure`" in result.stdout
    assert smapi.calls == []


def test_the_preflight_refuses_a_build_python_older_than_3_10(tmp_path):
    """Without a real 3.9 at hand: a python3 first on PATH that says it is 3.9.18."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text(
        "#!/bin/sh\ncase \"$*\" in *'import sys, pip'*) echo 3.9.18; exit 0;; esac\n"
        f'exec "{sys.executable}" "$@"\n', encoding="utf-8")
    (fake / "python3").chmod(0o755)
    env = quiet_cli_env(PATH=f"{fake}{os.pathsep}{os.environ['PATH']}", HOME=str(tmp_path), **SETTINGS)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "deploy_preflight.py")], cwd=ROOT,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1
    picked = subprocess.run(["sh", str(ROOT / "hooks" / "build.sh"), "--print-python"], capture_output=True,
                            text=True, env=env).stdout.strip()
    if picked == str(fake / "python3"):  # no python3.13 on PATH, so the hook builds with python3
        assert "the Lambda build's Python (hooks/build.sh) is 3.9.18" in result.stdout
    assert "fix: install Python 3.10 or later" in result.stdout or picked != str(fake / "python3")
    assert "nothing was sent to Amazon" in result.stdout
