#!/bin/sh
# The ASK CLI v2's code build hook. `ask deploy` copies code.default.src (./skill) into
# .ask/skill and runs this script from the project root as
#
#     hooks/build.sh <zip file to write> <debug: true|false>
#
# (its "custom" build flow: a hooks/build.sh in the project takes precedence over the
# CLI's own pip flow). The CLI's pip flow would package requirements.txt for this
# machine's Python and platform, web endpoint and all; this hook builds the Lambda
# package the project tests instead: scripts/build_lambda_package.py, wheels for
# Lambda's platform and for the runtime named in ask-resources.json, code only from
# lambda_handler.py and skill/ as it is (the build checks what Lambda can import). Stdlib and pip only.
#
# `hooks/build.sh --print-python` prints the interpreter it would build with and exits:
# the deploy preflight (scripts/deploy_preflight.py) checks that one before anything is
# created at Amazon.
set -eu

root="$(cd "$(dirname "$0")/.." && pwd)"

# The runtime the CloudFormation stack will run (ask-resources.json, default profile).
runtime="$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["profiles"]["default"]["skillInfrastructure"]["userConfig"]["runtime"])' \
    "$root/ask-resources.json")"
version="${runtime#python}"

# Lambda's /var/task is read-only, so the package carries compiled bytecode; that needs the
# runtime's own Python. Without it the package is still correct, only slower to start cold.
python="python3"
if "python$version" -c "import pip" >/dev/null 2>&1; then
    python="python$version"
else
    if [ "${1:-}" != "--print-python" ]; then
        echo "hooks/build.sh: python$version not found; building with $(python3 --version 2>&1)," \
             "so the package carries no bytecode (correct, but each cold start compiles)" >&2
    fi
fi

if [ "${1:-}" = "--print-python" ]; then
    command -v "$python"
    exit 0
fi

# pip on Python 3.9 refuses the pinned requests ("requires a different Python"); 3.10 builds.
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "hooks/build.sh: $("$python" --version 2>&1) is too old to build the Lambda package;" \
         "install Python 3.10 or later (3.13 adds bytecode) as python3" >&2
    exit 1
fi

build_file="$1"
debug="${2:-false}"
verbose=""
if [ "$debug" = "true" ]; then
    verbose="--verbose"
fi

exec "$python" "$root/scripts/build_lambda_package.py" \
    --python-version "$version" \
    --output "$build_file" \
    --build-dir "$root/build/lambda-ask-deploy" \
    $verbose
