"""Import hygiene and money rules that hold across the code base."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import termpos.core

ROOT = Path(__file__).resolve().parents[1]
CORE_MODULES = [m.name for m in pkgutil.iter_modules(termpos.core.__path__, "termpos.core.")]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_imports_only_the_standard_library(module: str) -> None:
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        f"import {module}\n"
        "std = set(sys.stdlib_module_names)\n"
        "new = set(sys.modules) - before\n"
        "bad = sorted({m.split('.')[0] for m in new} - std - {'termpos'})\n"
        "print('NONSTD', bad)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "NONSTD []" in r.stdout, r.stdout + r.stderr


_FLOAT = re.compile(r"(\bfloat\(|:\s*float\b|->\s*float\b|\bDecimal\(|\bimport decimal\b)")
_MONEY_WORDS = re.compile(
    r"amount|price|total|cost|tax|change|tender|discount|balance|cash|points|money|minor",
    re.IGNORECASE,
)
_FLOAT_FIELDS = re.compile(r"DecimalField|FloatField|DoubleField")


def test_no_float_money_in_termpos() -> None:
    """Amounts are integer minor units: no float next to a money name, no float/decimal field."""
    offenders = []
    for path in (ROOT / "termpos").rglob("*.py"):
        if "bench" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            money_float = _FLOAT.search(line) and _MONEY_WORDS.search(line)
            if money_float or _FLOAT_FIELDS.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []
