#!/usr/bin/env bash
# Install (first run only) and start Ouroboros. Arguments go to `ouroboros`, e.g. `demo`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
bash "$ROOT/scripts/setup_env.sh"
exec "$ROOT/.venv/bin/ouroboros" "$@"
