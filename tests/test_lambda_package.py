"""The Lambda package: the code Lambda runs and its runtime dependencies, nothing else.

One real build (``pip install --target`` of requirements-lambda.txt for Lambda's
platform, from pip's cache or the index; a few seconds) is shared by the module;
the other tests package the code alone (``with_dependencies=False``), which takes
well under a second.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from envelopes import envelope, launch_request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "build_lambda_package", os.path.join(ROOT, "scripts", "build_lambda_package.py"))
builder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builder)

# Top-level names that must never be in the package: tests, dev tools, the web
# endpoint's stack, and what the Lambda runtime already provides.
FORBIDDEN_TOP_LEVEL = {
    "tests", "pytest", "_pytest", "hypothesis", "moto", "pip", "setuptools",
    "boto3", "botocore", "s3transfer", "jmespath",
    # only the benchmark's peer uses the SDK's DynamoDB adapter; the skill has its own
    "ask_sdk_dynamodb",
    "flask", "werkzeug", "gunicorn", "jinja2", "itsdangerous", "click", "blinker",
    "cryptography", "ask_sdk_webservice_support", "certvalidator", "oscrypto", "yaml",
}


def top_level_names(archive: zipfile.ZipFile):
    names = set()
    for name in archive.namelist():
        first = name.split("/", 1)[0]
        names.add(first.split("-", 1)[0].lower() if first.endswith(".dist-info") else first)
    return names


@pytest.fixture(scope="module")
def real_package(tmp_path_factory):
    """The package as `make package` builds it, into a temporary folder, for the Python running
    the tests (the default is the stack's python3.13; bytecode is only built by its own version)."""
    folder = tmp_path_factory.mktemp("lambda")
    result = builder.build(output=folder / "package.zip", build_dir=folder / "stage",
                           python_version="{}.{}".format(*sys.version_info[:2]))
    return result, folder / "stage"


def code_only(tmp_path, source_root=ROOT, name="package.zip"):
    return builder.build(output=tmp_path / name, build_dir=tmp_path / ("stage-" + name),
                         with_dependencies=False, source_root=source_root)


def test_package_holds_the_handler_the_skill_and_its_runtime_dependencies(real_package):
    result, _ = real_package
    with zipfile.ZipFile(result.zip_path) as archive:
        names = set(archive.namelist())
        top = top_level_names(archive)
    assert "lambda_handler.py" in names
    assert "skill/__init__.py" in names
    for module in ("ask_sdk_core", "ask_sdk_model", "ask_sdk_runtime",
                   "requests", "urllib3", "dateutil", "six.py", "certifi"):
        assert module in top, f"{module} is missing from the package"
    assert not top & FORBIDDEN_TOP_LEVEL, f"not for Lambda: {sorted(top & FORBIDDEN_TOP_LEVEL)}"
    assert "skill/web/app.py" in names  # skill/ as it is; lambda_handler never reaches it
    assert not [n for n in names if n.startswith(("simulator/", "alexa_simulator/", "bin/"))]
    assert result.zip_mb < 10


def test_package_answers_a_launch_request_with_nothing_but_the_standard_library(
        real_package, tmp_path):
    """Run from the staged package with site-packages off (python -S), as Lambda would."""
    _, stage = real_package
    code = ("import json, sys; import lambda_handler; "
            "print(json.dumps(lambda_handler.handler(json.loads(sys.stdin.read()), None)))")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "BSC_"))}
    env.update(PYTHONPATH=str(stage), PYTHONDONTWRITEBYTECODE="1", BSC_STORAGE="sqlite",
               BSC_SQLITE_PATH=str(tmp_path / "memory.sqlite3"))
    completed = subprocess.run([sys.executable, "-S", "-c", code], cwd=tmp_path, env=env,
                               input=json.dumps(envelope(launch_request())), text=True,
                               capture_output=True, timeout=60)
    assert completed.returncode == 0, completed.stderr[-2000:]
    response = json.loads(completed.stdout)
    assert response["response"]["outputSpeech"]["ssml"].startswith("<speak>")


def test_package_carries_reproducible_bytecode_for_the_lambda_python(real_package):
    result, _ = real_package
    if not result.bytecode:
        pytest.skip("this Python is not the Lambda runtime's version; no bytecode is built")
    def flags(archive, prefix):
        pyc = archive.read(next(n for n in archive.namelist() if n.startswith(prefix)))
        return int.from_bytes(pyc[4:8], "little")

    with zipfile.ZipFile(result.zip_path) as archive:
        # PEP 552: the skill's own code checked against its source (an edit in place is
        # never run stale), the dependencies' hash-based but unchecked (never edited).
        assert flags(archive, "skill/__pycache__/__init__.") == 0b11
        assert flags(archive, "__pycache__/lambda_handler.") == 0b11
        assert flags(archive, "ask_sdk_core/__pycache__/skill.") == 0b01


def test_pins_agree_with_requirements_txt():
    pins = builder.check_pins_agree(builder.DEFAULT_REQUIREMENTS)
    assert "ask-sdk-core" in pins
    assert not {"boto3", "botocore", "flask", "gunicorn", "cryptography"} & set(pins)


def test_code_only_package_is_byte_for_byte_reproducible(tmp_path):
    first = code_only(tmp_path, name="first.zip")
    second = code_only(tmp_path, name="second.zip")
    assert first.zip_path.read_bytes() == second.zip_path.read_bytes()
    with zipfile.ZipFile(first.zip_path) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
    assert names == sorted(names)
    assert {info.date_time for info in infos} == {builder.ZIP_DATE}
    assert not [n for n in names if n.startswith(("tests/", "scripts/", "interaction_models/"))]
    assert all(n.split("/")[-2:-1] == ["__pycache__"] for n in names if n.endswith(".pyc"))


def test_build_refuses_code_lambda_runs_that_imports_the_web_endpoint(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(os.path.join(ROOT, "skill"), source / "skill",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(os.path.join(ROOT, "lambda_handler.py"), source)
    sneaky = "def handle():\n    from ..web import create_app\n    return create_app\n"
    (source / "skill" / "handlers" / "sneaky.py").write_text(sneaky)
    code_only(tmp_path, source_root=source, name="unreached.zip")  # nothing Lambda runs imports it
    with open(source / "skill" / "door.py", "a", encoding="utf-8") as door:
        door.write("\n\ndef sneak():\n    from .handlers import sneaky\n    return sneaky\n")
    with pytest.raises(builder.BuildError, match=r"sneaky\.py:2 imports skill\.web\.create_app"):
        code_only(tmp_path, source_root=source)


def test_make_package_builds_for_the_stacks_python_runtime():
    """`make package` and the stack agree, so its wheels are the ones Lambda can load."""
    import inspect
    import re
    stack = (Path(ROOT) / "infrastructure" / "cfn-deployer" / "skill-stack.yaml").read_text(encoding="utf-8")
    runtime = re.search(r"LambdaRuntime:\n(?:\s+\w+:.*\n)*?\s+Default: python(\d+\.\d+)", stack).group(1)
    assert inspect.signature(builder.build).parameters["python_version"].default == runtime
