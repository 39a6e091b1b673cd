"""Provides PIN rules and salted, peppered scrypt hashing of PINs."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from termpos.core.errors import Refused

_N, _R, _P = 2**14, 8, 1


def check_pin_format(pin: str) -> None:
    """Refuses a PIN that is not 4 to 8 digits."""
    if not (pin.isdigit() and pin.isascii() and 4 <= len(pin) <= 8):
        raise Refused("a PIN is 4 to 8 digits")


def hash_pin(pin: str, pepper: bytes) -> str:
    """Hashes a PIN with a fresh salt and the store's pepper: ``scrypt$n$r$p$salt$hash``."""
    check_pin_format(pin)
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode() + pepper, salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str, pepper: bytes) -> bool:
    """Tells whether a PIN matches a stored hash, in constant time."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            pin.encode() + pepper,
            salt=bytes.fromhex(salt_hex),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest_hex) // 2,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)
