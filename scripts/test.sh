#!/usr/bin/env bash
# From a fresh clone: create .venv (CPU torch first), install with dev extras, then lint,
# type-check and run the whole test suite offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh dev
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check ouroboros_tui tests benchmarks
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
