"""Phone normalisation: one stored form per number, with clear reasons for refusals."""

from __future__ import annotations

import re

import pytest

from termpos.core.phone import PhoneError, looks_like_phone, normalise_phone


@pytest.mark.parametrize(("raw", "cc", "stored"), [
    ("07700 900123", "44", "+447700900123"),
    ("07700-900-123", "44", "+447700900123"),
    ("(020) 7946.0958", "44", "+442079460958"),
    ("+44 (0)20 7946 0958", "44", "+442079460958"),
    ("+44 20 7946 0958", "886", "+442079460958"),
    ("0044 20 7946 0958", "886", "+442079460958"),
    ("0912-345-678", "886", "+886912345678"),
    ("0912 345 678", "886", "+886912345678"),
    ("912345678", "886", "+886912345678"),
    ("０９１２－３４５－６７８", "886", "+886912345678"),  # full-width digits and dash
    ("＋８８６ ９１２ ３４５ ６７８", "44", "+886912345678"),
    ("0912 345 678", "", "0912345678"),  # no country code configured: digits as typed
    ("  +1 (202) 555-0123 ", "44", "+12025550123"),
])
def test_normalises(raw: str, cc: str, stored: str) -> None:
    assert normalise_phone(raw, cc) == stored


@pytest.mark.parametrize(("raw", "reason"), [
    ("", "needed"),
    ("   ", "needed"),
    ("0912 abc", "'a' is not allowed"),
    ("0912#345", "'#' is not allowed"),
    ("12+345678", "'+' is allowed only at the start"),
    ("+0 912 345 678", "never starts with 0"),
    ("123", "too short"),
    ("+1234567890123456", "too long"),
    ("0912 345 678 ext 5", "not allowed"),
])
def test_refuses_with_reason(raw: str, reason: str) -> None:
    with pytest.raises(PhoneError, match=re.escape(reason)):
        normalise_phone(raw, "886")


def test_bad_country_code_is_refused() -> None:
    with pytest.raises(PhoneError, match="country code"):
        normalise_phone("0912345678", "0886")


@pytest.mark.parametrize(("text", "phone"), [
    ("0912", True), ("+44 20", True), ("王小明", False), ("ann", False), ("12", False),
])
def test_looks_like_phone(text: str, phone: bool) -> None:
    assert looks_like_phone(text) is phone
