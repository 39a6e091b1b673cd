"""Provides the tax class resolver: a file's tax column to a configured tax class code."""

from __future__ import annotations

from collections.abc import Sequence

from termpos.core.importing.values import ValueProblem, clean, parse_percent_milli


class TaxResolver:
    """Finds the configured class a tax cell names, by code, name or rate (else None)."""

    def __init__(self, classes: Sequence[tuple[str, str, int]]) -> None:
        # classes: (code, name, rate in parts per million)
        self.default = classes[0][0] if classes else "A"
        self._by_text: dict[str, str] = {}
        self._by_rate: dict[int, str] = {}
        for code, name, rate_ppm in classes:
            self._by_text.setdefault(code.casefold(), code)
            self._by_text.setdefault(name.casefold(), code)
            self._by_rate.setdefault(rate_ppm // 10, code)  # ppm -> thousandths of a percent
        self._cache: dict[str, str | None] = {}

    def resolve(self, text: str) -> str | None:
        """The class code for a cell such as `A`, `Standard`, `20%` or `8`; None if unknown."""
        if text in self._cache:
            return self._cache[text]
        value = clean(text)
        found: str | None = None
        if value is not None:
            found = self._by_text.get(value.casefold())
            if found is None:
                try:
                    milli = parse_percent_milli(value)
                except ValueProblem:
                    milli = None
                if milli is not None:
                    found = self._by_rate.get(milli)
        if len(self._cache) < 1000:
            self._cache[text] = found
        return found
