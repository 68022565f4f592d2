#!/usr/bin/env python3
"""Build the AWS Lambda deployment package: ``build/back-spasm-coach-lambda.zip``.

    python scripts/build_lambda_package.py            # Lambda x86_64, Python 3.13 wheels
    python scripts/build_lambda_package.py --arch arm64
    python scripts/build_lambda_package.py --no-deps  # the code alone (fast; for tests)

Handler: ``lambda_handler.handler``. What goes in, and why:

* ``lambda_handler.py`` and ``skill/`` as it is. What Lambda can import is what
  ``lambda_handler`` reaches, following every import (lazy ones included) through the
  package: the build fails if that reaches ``skill.web`` (the Flask endpoint, whose
  dependencies are not packaged) or anything neither packaged nor in the runtime.
* The dependencies pinned in ``requirements-lambda.txt``, installed with
  ``pip install --target --no-deps --only-binary=:all: --platform manylinux2014_x86_64
  --python-version 3.13`` so compiled wheels match Lambda, not this machine. That file
  says what is left out of ``requirements.txt`` and why (boto3 and botocore are in the
  Lambda runtime; Flask, gunicorn and cryptography serve only the web endpoint). The
  build fails if a pin disagrees with ``requirements.txt``, if a packaged distribution
  needs something neither packaged nor provided by the runtime, or if packaged code
  imports a module that is neither in the package, the standard library nor the runtime.
* No tests, no dev tools, no console scripts, no ``__pycache__`` from the working tree.
  Bytecode is compiled afresh (hash-based pycs, reproducible; the skill's own checked
  against its source, the dependencies' not) when this Python matches the target version, because Lambda's
  ``/var/task`` is read-only: without pycs every cold start compiles every module
  again (``--no-bytecode`` leaves them out; the benchmark shows the difference).

The zip is deterministic: sorted entries, fixed timestamps and permissions, so the same
sources and wheels give the same bytes (and the same Lambda CodeSha256).
Standard library and pip only. Exit status 0 on success, 1 with a message on failure.
"""

import argparse
import ast
import importlib.metadata
import os
import py_compile
import re
import shutil
import subprocess
import sys
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REQUIREMENTS = ROOT / "requirements-lambda.txt"
PRODUCT_REQUIREMENTS = ROOT / "requirements.txt"
DEFAULT_BUILD_DIR = ROOT / "build" / "lambda"
DEFAULT_OUTPUT = ROOT / "build" / "back-spasm-coach-lambda.zip"

ENTRY_POINT = "lambda_handler.py"
PACKAGE = "skill"
# Subpackages of skill/ that nothing Lambda runs may import (they need what is not packaged).
NEVER_IMPORTED = ("web",)
# Distributions the AWS Lambda Python runtime provides (not packaged).
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath"})
RUNTIME_PROVIDED_MODULES = frozenset({"boto3", "botocore", "s3transfer", "jmespath"})
# What a requirement marker sees on Lambda (python_version is the target's).
LAMBDA_PLATFORMS = {"x86_64": "manylinux2014_x86_64", "arm64": "manylinux2014_aarch64"}
MARKER_MACHINE = {"manylinux2014_x86_64": "x86_64", "manylinux2014_aarch64": "aarch64"}

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
BUILD_MARKER = ".back-spasm-coach-lambda-build"
SKIPPED_NAMES = ("__pycache__",)
SKIPPED_SUFFIXES = (".pyc", ".pyo")


class BuildError(Exception):
    """The package cannot be built as asked; the message says why."""


@dataclass
class BuildResult:
    zip_path: Path
    zip_bytes: int
    unpacked_bytes: int
    files: int
    distributions: list
    bytecode: bool

    @property
    def zip_mb(self) -> float:
        return self.zip_bytes / 1e6


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> dict:
    """``{canonical name: version}`` of the ``name==version`` lines of a requirements file."""
    pins = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;]+)", line)
        if not match:
            raise BuildError(f"{path.name}: pin every requirement as name==version: {line!r}")
        pins[canonical(match.group(1))] = match.group(3)
    return pins


def check_pins_agree(requirements: Path, product_requirements: Path = PRODUCT_REQUIREMENTS):
    lambda_pins = read_pins(requirements)
    product_pins = read_pins(product_requirements) if product_requirements.exists() else {}
    disagree = [f"{name} {lambda_pins[name]} here, {product_pins[name]} in {product_requirements.name}"
                for name in sorted(lambda_pins.keys() & product_pins.keys())
                if lambda_pins[name] != product_pins[name]]
    if disagree:
        raise BuildError(f"{requirements.name} disagrees with {product_requirements.name}: "
                         + "; ".join(disagree))
    return lambda_pins


def _packaging():
    try:
        from packaging.markers import default_environment
        from packaging.requirements import Requirement
    except ImportError:  # pip always carries a copy
        from pip._vendor.packaging.markers import default_environment
        from pip._vendor.packaging.requirements import Requirement
    return Requirement, default_environment


def check_distributions(build_dir: Path, python_version: str, platform: str):
    """Every packaged distribution's requirements are packaged, or provided by Lambda."""
    Requirement, default_environment = _packaging()
    environment = default_environment()
    if platform != "host":
        environment.update(python_version=python_version, python_full_version=python_version + ".0",
                           sys_platform="linux", platform_system="Linux", os_name="posix",
                           platform_machine=MARKER_MACHINE.get(platform, "x86_64"),
                           implementation_name="cpython", platform_python_implementation="CPython")
    packaged = {canonical(d.metadata["Name"]): d.version
                for d in importlib.metadata.distributions(path=[str(build_dir)])}
    problems = []
    for dist in importlib.metadata.distributions(path=[str(build_dir)]):
        for text in dist.requires or ():
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({**environment, "extra": ""}):
                continue
            name = canonical(requirement.name)
            if name in packaged:
                if not requirement.specifier.contains(packaged[name], prereleases=True):
                    problems.append(f"{dist.metadata['Name']} needs {text}, packaged {packaged[name]}")
            elif name not in RUNTIME_PROVIDED:
                problems.append(f"{dist.metadata['Name']} needs {text}: add it to requirements-lambda.txt")
    if problems:
        raise BuildError("unmet dependencies in the package: " + "; ".join(problems))
    return sorted(f"{name}=={version}" for name, version in packaged.items())


def _skipped(path: Path) -> bool:
    return any(part in SKIPPED_NAMES for part in path.parts) or path.suffix in SKIPPED_SUFFIXES


def copy_code(source_root: Path, build_dir: Path):
    shutil.copy2(source_root / ENTRY_POINT, build_dir / ENTRY_POINT)
    package = source_root / PACKAGE
    for path in sorted(package.rglob("*")):
        if _skipped(path.relative_to(source_root)):
            continue
        target = build_dir / path.relative_to(source_root)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def _module_name(build_dir: Path, path: Path):
    parts = list(path.relative_to(build_dir).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def _guarded(node, parents) -> bool:
    """True when an import sits in a ``try`` that catches ImportError (an optional import)."""
    for parent in parents:
        if isinstance(parent, ast.Try):
            for handler in parent.handlers:
                names = []
                if handler.type is None:
                    return True
                for item in (handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]):
                    if isinstance(item, ast.Name):
                        names.append(item.id)
                if {"ImportError", "ModuleNotFoundError", "Exception"} & set(names):
                    return True
    return False


def imports_of(build_dir: Path, path: Path):
    """``(absolute module name, line, optional)`` for every import in a module, lazy ones included."""
    module, is_package = _module_name(build_dir, path)
    package_parts = module.split(".") if is_package else module.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent

    def chain(node):
        while node in parents:
            node = parents[node]
            yield node

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[:len(package_parts) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            names = [prefix] if node.module else [f"{prefix}.{alias.name}" for alias in node.names]
            if node.module:
                names += [f"{prefix}.{alias.name}" for alias in node.names]
        else:
            continue
        optional = _guarded(node, list(chain(node)))
        for name in names:
            yield name, node.lineno, optional


def _module_file(build_dir: Path, name: str) -> Path | None:
    """The packaged file of module ``name`` of this project (None for anything else)."""
    base = build_dir.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def reachable_code(build_dir: Path) -> list[Path]:
    """The project's files that ``lambda_handler`` imports, directly or not, lazily or not."""
    seen, queue = set(), [build_dir / ENTRY_POINT]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        for name, _, _ in imports_of(build_dir, path):
            parts = name.split(".")
            if parts[0] != PACKAGE:
                continue
            for depth in range(1, len(parts) + 1):  # a package's __init__ runs first
                found = _module_file(build_dir, ".".join(parts[:depth]))
                if found is not None and found not in seen:
                    queue.append(found)
    return sorted(seen)


def check_imports(build_dir: Path, with_dependencies: bool):
    """What Lambda can import imports nothing Lambda lacks, and never skill.web."""
    available = set(sys.stdlib_module_names) | RUNTIME_PROVIDED_MODULES | {"__future__"}
    available |= {p.stem if p.suffix == ".py" else p.name for p in build_dir.iterdir()
                  if p.suffix == ".py" or (p.is_dir() and not p.name.endswith(".dist-info"))}
    for dist in importlib.metadata.distributions(path=[str(build_dir)]):
        top_level = dist.read_text("top_level.txt")
        available |= set((top_level or "").split())
    problems = []
    for path in reachable_code(build_dir):
        where = path.relative_to(build_dir)
        for name, line, optional in imports_of(build_dir, path):
            parts = name.split(".")
            if parts[0] == PACKAGE and len(parts) > 1 and parts[1] in NEVER_IMPORTED:
                problems.append(f"{where}:{line} imports {name}, which Lambda must never import")
            elif with_dependencies and not optional and parts[0] not in available:
                problems.append(f"{where}:{line} imports {name}, which is neither packaged "
                                "nor in the Lambda runtime")
    if problems:
        raise BuildError("; ".join(dict.fromkeys(problems)))


def compile_bytecode(build_dir: Path):
    """Reproducible hash-based pycs: Lambda's read-only /var/task cannot cache them.

    The skill's own code is ``checked-hash``: its source is hashed on every import, so
    code edited in place (the console's editor, on a package small enough) never runs
    stale. The dependencies are ``unchecked-hash``: nobody edits them in place, and
    checking them cost a cold start about 4 ms.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dependencies' own SyntaxWarnings are not ours to fix
        for path in sorted(build_dir.rglob("*.py")):
            relative = path.relative_to(build_dir)
            ours = relative.parts[0] in (ENTRY_POINT, PACKAGE)
            py_compile.compile(str(path), dfile=str(relative), doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH if ours
                               else py_compile.PycInvalidationMode.UNCHECKED_HASH)


def pip_install(requirements: Path, build_dir: Path, platform: str, python_version: str,
                quiet: bool = True):
    command = [sys.executable, "-m", "pip", "install", "--target", str(build_dir),
               "--requirement", str(requirements), "--no-deps", "--no-compile",
               "--only-binary=:all:", "--disable-pip-version-check", "--no-warn-script-location"]
    if platform != "host":
        command += ["--platform", platform, "--python-version", python_version,
                    "--implementation", "cp"]
    if quiet:
        command.append("--quiet")
    completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if completed.returncode != 0:
        raise BuildError("pip install failed:\n" + completed.stdout[-4000:])
    # Console scripts carry this machine's interpreter path; Lambda runs none of them.
    shutil.rmtree(build_dir / "bin", ignore_errors=True)
    for cache in list(build_dir.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)


def write_zip(build_dir: Path, zip_path: Path) -> int:
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in build_dir.rglob("*") if p.is_file() and p.name != BUILD_MARKER)
    partial = zip_path.with_name(zip_path.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(build_dir).as_posix(), date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permissions below are honoured
            info.external_attr = (0o100644 if not os.access(path, os.X_OK) else 0o100755) << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(zip_path)
    return len(files)


def prepare_build_dir(build_dir: Path):
    build_dir = build_dir.resolve()
    if build_dir == ROOT or build_dir in ROOT.parents or build_dir == Path(build_dir.anchor):
        raise BuildError(f"refusing to use {build_dir} as the build directory")
    if build_dir.exists():
        if any(build_dir.iterdir()) and not (build_dir / BUILD_MARKER).exists():
            raise BuildError(f"{build_dir} exists and was not made by this script; remove it or "
                             "choose another --build-dir")
        shutil.rmtree(build_dir)
    build_dir.mkdir(parents=True)
    (build_dir / BUILD_MARKER).write_text("made by scripts/build_lambda_package.py; removed on rebuild\n")
    return build_dir


def build(output: Path = DEFAULT_OUTPUT, build_dir: Path = DEFAULT_BUILD_DIR,
          requirements: Path = DEFAULT_REQUIREMENTS, platform: str = LAMBDA_PLATFORMS["x86_64"],
          python_version: str = "3.13", with_dependencies: bool = True, bytecode: bool = True,
          source_root: Path = ROOT, quiet: bool = True) -> BuildResult:
    output, requirements = Path(output), Path(requirements)
    build_dir = prepare_build_dir(Path(build_dir))
    distributions = []
    if with_dependencies:
        check_pins_agree(requirements)
        pip_install(requirements, build_dir, platform, python_version, quiet=quiet)
        distributions = check_distributions(build_dir, python_version, platform)
    copy_code(Path(source_root), build_dir)
    check_imports(build_dir, with_dependencies)
    bytecode = bytecode and f"{sys.version_info[0]}.{sys.version_info[1]}" == python_version
    if bytecode:
        compile_bytecode(build_dir)
    files = write_zip(build_dir, output)
    unpacked = sum(p.stat().st_size for p in build_dir.rglob("*")
                   if p.is_file() and p.name != BUILD_MARKER)
    return BuildResult(zip_path=output, zip_bytes=output.stat().st_size, unpacked_bytes=unpacked,
                       files=files, distributions=distributions, bytecode=bytecode)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the zip to write")
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD_DIR,
                        help="staging directory, emptied first (default build/lambda)")
    parser.add_argument("--requirements", type=Path, default=DEFAULT_REQUIREMENTS)
    parser.add_argument("--arch", choices=sorted(LAMBDA_PLATFORMS), default="x86_64",
                        help="the Lambda function's architecture (default x86_64)")
    parser.add_argument("--platform", help="a pip --platform tag instead of --arch's, or 'host' "
                                           "for this machine's wheels")
    parser.add_argument("--python-version", default="3.13",
                        help="Lambda runtime (default 3.13, the stack's python3.13)")
    parser.add_argument("--no-deps", action="store_true",
                        help="package the code alone, without pip (fast; for tests)")
    parser.add_argument("--no-bytecode", action="store_true", help="leave out compiled .pyc files")
    parser.add_argument("--verbose", action="store_true", help="show pip's output")
    parser.add_argument("--source-root", type=Path, default=ROOT,
                        help="where lambda_handler.py and skill/ are read from (default this checkout)")
    args = parser.parse_args(argv)
    try:
        result = build(output=args.output, build_dir=args.build_dir, requirements=args.requirements,
                       platform=args.platform or LAMBDA_PLATFORMS[args.arch],
                       python_version=args.python_version, with_dependencies=not args.no_deps,
                       bytecode=not args.no_bytecode, source_root=args.source_root,
                       quiet=not args.verbose)
    except BuildError as error:
        print(f"build_lambda_package: {error}", file=sys.stderr)
        return 1
    try:
        shown = result.zip_path.resolve().relative_to(ROOT)
    except ValueError:
        shown = result.zip_path
    print(f"{shown}: {result.zip_mb:.2f} MB zipped, {result.unpacked_bytes / 1e6:.2f} MB unpacked, "
          f"{result.files} files, bytecode {'included' if result.bytecode else 'left out'}")
    if result.distributions:
        print("dependencies: " + ", ".join(result.distributions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
