"""Provides every text the self-registration kiosk shows, in one place (ready for translation)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KioskText:
    """The kiosk's words; the privacy text itself comes from the config ([kiosk] privacy_text)."""

    title: str = "Join our loyalty club"
    intro: str = "Type your details, then press Enter. Fields marked * are needed."
    name: str = "Name *"
    phone: str = "Phone *"
    email: str = "Email (optional)"
    birthday: str = "Birthday (optional, YYYY-MM-DD)"
    next: str = "Next"
    privacy_title: str = "How we use your details"
    consent_question: str = "May we send you offers?"
    consent_yes: str = "Yes, send me offers"
    consent_no: str = "No offers, thanks"
    back: str = "Back"
    confirm_title: str = "Please check your details"
    summary: str = "Name: {name}\nPhone: {phone}\nEmail: {email}\nBirthday: {birthday}"
    offers_yes: str = "Offers: yes"
    offers_no: str = "Offers: no"
    confirm: str = "Confirm"
    thanks_title: str = "Thank you! You are registered."
    thanks_code: str = "Your customer code:"
    thanks_hint: str = "Give your phone number or this code at the till to collect points."
    done: str = "Done"
    already: str = "You seem to be registered already — ask at the till."
    unavailable: str = "Registration is not available right now — ask at the till."
    need_name: str = "Please type your name."


TEXT = KioskText()
