"""From a fresh clone, the documented build produces every file `ask deploy` reads.

"A fresh clone" is the files git tracks, copied to an empty folder: no build/, no .ask/,
no .venv. The build is what `make deploy` runs before `ask deploy` (`make skill-package`),
then the code build `ask deploy` itself runs (hooks/build.sh, the ASK CLI's custom build
flow, called as the CLI calls it). The files are those the ASK CLI 2.30.7 reads, in its
own source: ask-resources.json; skillMetadata.src with skill.json, the models and the
icons (commands/deploy/index.js, controllers/skill-metadata-controller); code.default.src
and hooks/build.sh (controllers/skill-code-controller); userConfig.templatePath
(builtins/deploy-delegates/cfn-deployer).

When node and the ask-cli npm package are found (the pinned one in node_modules/, which
`make test` installs when npm is there, or ASK_CLI_PACKAGE=<its folder>), the same steps
also run through the CLI's own modules, offline (tests/ask_cli/offline_deploy_steps.js).
The whole `make deploy`, twice, is tests/test_deploy_redeploy.py.
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from envelopes import envelope, launch_request

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_BASE_URL = "https://coach.example.org"
OPERATOR = {"BSC_OPERATOR_NAME": "Ann Operator", "BSC_OPERATOR_CONTACT": "ann@example.org"}


def tracked_files():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: what a fresh clone holds is unknown")
    return [name for name in listed.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory):
    clone = tmp_path_factory.mktemp("clone") / "back-spasm-coach"
    for name in tracked_files():
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    return clone


def run(command, cwd, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BSC_")
                   and k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    environment.update(env)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment,
                          timeout=300)


@pytest.fixture(scope="module")
def built_clone(fresh_clone):
    """`make skill-package`, then the code build exactly as `ask deploy` calls it."""
    made = run(["make", "skill-package", f"PYTHON={sys.executable}"], fresh_clone,
               BSC_PUBLIC_BASE_URL=PUBLIC_BASE_URL, **OPERATOR)
    assert made.returncode == 0, made.stdout + made.stderr
    code_zip = fresh_clone / ".ask" / "skill" / "build.zip"
    code_zip.parent.mkdir(parents=True)
    hook = run([str(fresh_clone / "hooks" / "build.sh"), str(code_zip), "false"], code_zip.parent)
    assert hook.returncode == 0, hook.stdout + hook.stderr
    return fresh_clone


def ask_resources(clone):
    return json.loads((clone / "ask-resources.json").read_text(encoding="utf-8"))


def test_without_the_build_ask_deploy_would_stop_at_once(fresh_clone):
    """Why `make deploy` assembles the package first: the CLI reads it before any hook."""
    package = ask_resources(fresh_clone)["profiles"]["default"]["skillMetadata"]["src"]
    assert not (fresh_clone / package).exists()


def test_the_build_refuses_to_make_a_deployable_package_without_the_public_pages_url(fresh_clone,
                                                                                     tmp_path):
    made = run([sys.executable, "scripts/build_skill_package.py", "--lambda-from-ask-deploy",
                "--output-dir", str(tmp_path / "package")], fresh_clone)
    assert made.returncode == 1
    assert "BSC_PUBLIC_BASE_URL" in made.stderr
    assert not (tmp_path / "package" / "skill.json").exists()


def test_a_fresh_clone_and_the_documented_build_give_every_file_ask_deploy_reads(built_clone):
    profile = ask_resources(built_clone)["profiles"]["default"]
    package = built_clone / profile["skillMetadata"]["src"]
    manifest = json.loads((package / "skill.json").read_text(encoding="utf-8"))["manifest"]
    locales = sorted(p.stem for p in (built_clone / "interaction_models").glob("*.json"))
    for locale in locales:
        model = package / "interactionModels" / "custom" / f"{locale}.json"
        assert json.loads(model.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        for key in ("smallIconUri", "largeIconUri"):
            uri = manifest["publishingInformation"]["locales"][locale][key]
            assert (package / uri[len("file://"):]).is_file()
    # The cfn-deployer writes the Lambda ARN and the events block after the stack is up.
    assert "endpoint" not in manifest["apis"]["custom"] and "events" not in manifest
    assert "example.com/" not in json.dumps(manifest)
    for urls in manifest["privacyAndCompliance"]["locales"].values():
        assert urls == {"privacyPolicyUrl": f"{PUBLIC_BASE_URL}/privacy",
                        "termsOfUseUrl": f"{PUBLIC_BASE_URL}/terms"}

    assert (built_clone / profile["code"]["default"]["src"]).is_dir()
    assert os.access(built_clone / "hooks" / "build.sh", os.X_OK)
    assert (built_clone / profile["skillInfrastructure"]["userConfig"]["templatePath"]).is_file()
    with zipfile.ZipFile(built_clone / ".ask" / "skill" / "build.zip") as code:
        names = set(code.namelist())
    assert {"lambda_handler.py", "skill/__init__.py", "ask_sdk_core/__init__.py"} <= names
    assert not [n for n in names if n.startswith(("simulator/", "tests/"))]


def find_ask_cli():
    # The pinned CLI (package.json; `make test` installs it when npm is there) comes first.
    candidates = [os.environ.get("ASK_CLI_PACKAGE"), str(ROOT / "node_modules" / "ask-cli")]
    npm = shutil.which("npm")
    if npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=30)
        candidates.append(os.path.join(root.stdout.strip(), "ask-cli"))
    for candidate in candidates:
        if candidate and os.path.isfile(os.path.join(candidate, "dist", "lib", "model",
                                                     "manifest.js")):
            return candidate
    return None


def test_the_ask_cli_itself_loads_the_project_and_builds_the_code_offline(built_clone):
    node, ask_cli = shutil.which("node"), find_ask_cli()
    if not node or not ask_cli:
        pytest.skip("node and the ask-cli npm package are not installed (set ASK_CLI_PACKAGE)")
    shutil.rmtree(built_clone / ".ask", ignore_errors=True)
    result = run([node, str(built_clone / "tests" / "ask_cli" / "offline_deploy_steps.js"),
                  ask_cli], built_clone)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert "error" not in seen, seen
    assert seen["skillName"] == "Back Spasm Coach"
    assert seen["infraType"] == "@ask-cli/cfn-deployer"
    assert seen["templateRead"] is True
    assert {"skill.json", "interactionModels/custom/en-US.json",
            "interactionModels/custom/en-CA.json"} <= set(seen["packageZipEntries"])
    assert seen["builds"] == [{"buildFlow": "CustomBuildFlow", "exists": True,
                               "file": str(built_clone / ".ask" / "skill" / "build.zip")}]


def runtime_python(version):
    """A python<version> that runs, on PATH or under pyenv; None when there is none."""
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(Path.home().glob(f".pyenv/versions/{version}*/bin/python{version}"))
    for candidate in candidates:
        if candidate and subprocess.run([str(candidate), "-c", "import pip"],
                                        capture_output=True).returncode == 0:
            return str(candidate)
    return None


def test_the_code_ask_deploy_builds_answers_on_the_stacks_python_runtime(built_clone, tmp_path):
    runtime = ask_resources(built_clone)["profiles"]["default"]["skillInfrastructure"][
        "userConfig"]["runtime"]
    version = runtime[len("python"):]
    python = runtime_python(version)
    if python is None:
        pytest.skip(f"no python{version} on this machine to run the Lambda package with")
    code_zip = tmp_path / "build.zip"
    env_path = os.path.dirname(python) + os.pathsep + os.environ["PATH"]
    hook = run([str(built_clone / "hooks" / "build.sh"), str(code_zip), "false"], tmp_path,
               PATH=env_path)
    assert hook.returncode == 0, hook.stderr
    assert "bytecode included" in hook.stdout
    stage = tmp_path / "stage"
    with zipfile.ZipFile(code_zip) as code:
        code.extractall(stage)
    answer = subprocess.run(
        [python, "-S", "-c", "import json, sys, lambda_handler; "
         "print(json.dumps(lambda_handler.handler(json.load(sys.stdin), None)))"],
        input=json.dumps(envelope(launch_request())), capture_output=True, text=True,
        cwd=stage, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(stage),
                        "BSC_STORAGE": "none"}, timeout=60)
    assert answer.returncode == 0, answer.stderr
    speech = json.loads(answer.stdout)["response"]["outputSpeech"]["ssml"]
    assert "Welcome to Back Spasm Coach" in speech
