#!/usr/bin/env bash
# Create .venv and install Ouroboros into it (idempotent; re-installs when pyproject.toml changes).
# Usage: source-free: bash scripts/setup_env.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
EXTRA="${1:-}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
STAMP=".venv/.ouroboros-installed${EXTRA:+-$EXTRA}"
WANT="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
  exit 0
fi
# torch first, pinned: on CPU-only boxes pip finds the CPU build of 2.13.0 (a bare `torch`
# requirement would pull a multi-GB CUDA build). On a GPU box (nvidia-smi present) the normal
# CUDA wheel from PyPI is what you want, and the unpinned requirement in pyproject.toml takes it.
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  if command -v nvidia-smi >/dev/null 2>&1; then
    .venv/bin/python -m pip install -q torch
  else
    .venv/bin/python -m pip install -q "torch==2.13.0" || .venv/bin/python -m pip install -q torch
  fi
fi
if [ "$EXTRA" = "dev" ]; then
  .venv/bin/python -m pip install -q -e ".[dev]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "$WANT" > "$STAMP"
