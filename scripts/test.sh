#!/usr/bin/env bash
# Install everything the tests need (system packages, a virtual environment with the package
# and its test extras) and run every test. The README's second quick-start command; .ci/run
# calls it too.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

VENV="${MIRAGE_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'
# The benchmarks' references, for their tests; never a dependency of the package:
# mdpo and Translate Toolkit (harness smoke test), pofilter (the quality benchmark)
"$VENV/bin/python" -m pip install --quiet -r benchmarks/requirements.txt -r benchmarks/quality/requirements.txt

export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="$NO_PROXY"
# Lint, format and types first: [tool.ruff] and [tool.mypy] in pyproject.toml.
"$VENV/bin/python" -m ruff check --output-format concise .
"$VENV/bin/python" -m ruff format --check --quiet .
"$VENV/bin/python" -m mypy --no-error-summary

set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure" >&2
    exit 1
fi
exit "$status"
