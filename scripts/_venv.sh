# Sourced by scripts/run and scripts/test: makes .venv at the repo root and installs termpos.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"
ensure_venv() {
  local extra="$1" stamp
  if [ ! -x "$VENV/bin/python" ]; then
    echo "termpos: creating .venv and installing (the first run takes a few minutes)..." >&2
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
  # Reinstall only when pyproject.toml changed since the last install with this extra.
  stamp="$VENV/.installed-$extra-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "termpos: installing termpos into .venv..." >&2
    if [ "$extra" = "none" ]; then
      "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT"
    else
      "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[$extra]"
    fi
    rm -f "$VENV"/.installed-"$extra"-*
    touch "$stamp"
  fi
}
