"""Provides the self-registration screen: details, privacy and consent, confirm, thank you.

One screen with four panels in a ContentSwitcher, so there is nowhere else to go. It creates
the customer with source "kiosk"; a duplicate is reported without saying who it matches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Input, Label, Static

from termpos.core.customer import DuplicateCustomer, clean_email, clean_name, parse_birthday
from termpos.core.errors import TermposError
from termpos.screens.kiosk_text import TEXT
from termpos.services.customers import create_customer, phone_of
from termpos.services.runtime import Runtime

FIELDS: tuple[str, ...] = ("name", "phone", "email", "birthday")
LENGTHS: dict[str, int] = {"name": 200, "phone": 32, "email": 200, "birthday": 10}
# Keys that cannot belong in a field are not typed at all (full-width digits are \d too).
RESTRICT: dict[str, str] = {"phone": r"[\d+＋\-－\s().]*", "birthday": r"[\d\-－]*"}


class FieldProblem(Exception):
    """What is wrong with one field of the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _need(message: str) -> str:
    raise TermposError("{error}", error=message)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


@dataclass(frozen=True)
class Details:
    """What the customer typed, checked."""

    name: str
    phone: str
    email: str
    birthday: str


class KioskScreen(Screen[None]):
    """The only screen of the kiosk."""

    def __init__(self, rt: Runtime) -> None:
        super().__init__(id="kiosk")
        self.rt = rt
        self.details: Details | None = None
        self.consent = False
        self.registered_code = ""
        self.ready = False  # set once the panels are mounted

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="form"):
            with Vertical(id="form", classes="panel"):
                yield Static(TEXT.title, classes="title")
                yield Static(TEXT.intro)
                for field in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(getattr(TEXT, field))
                        yield Input(id=field, max_length=LENGTHS[field],
                                    restrict=RESTRICT.get(field))
                yield Static("", markup=False, id="error", classes="error")
                yield Button(TEXT.next, id="next", variant="primary")
            with Vertical(id="privacy", classes="panel"):
                yield Static(TEXT.privacy_title, classes="title")
                with VerticalScroll(id="privacy-text"):
                    yield Static(self.rt.settings.kiosk_privacy_text, markup=False)
                yield Static(TEXT.consent_question)
                with Horizontal(classes="buttons"):
                    yield Button(TEXT.consent_yes, id="consent-yes", variant="success")
                    yield Button(TEXT.consent_no, id="consent-no")
                    yield Button(TEXT.back, id="back-to-form")
            with Vertical(id="confirm", classes="panel"):
                yield Static(TEXT.confirm_title, classes="title")
                yield Static("", markup=False, id="summary")
                yield Static("", markup=False, id="confirm-error", classes="error")
                with Horizontal(classes="buttons"):
                    yield Button(TEXT.confirm, id="confirm-button", variant="primary")
                    yield Button(TEXT.back, id="back-to-privacy")
            with Vertical(id="thanks", classes="panel"):
                yield Static(TEXT.thanks_title, classes="title")
                yield Static(TEXT.thanks_code)
                yield Static("", markup=False, id="code", classes="code")
                yield Static(TEXT.thanks_hint)
                yield Button(TEXT.done, id="done", variant="primary")

    def on_mount(self) -> None:
        self.ready = True
        self.query_one("#name", Input).focus()

    @property
    def step(self) -> str:
        """The panel shown: form, privacy, confirm or thanks."""
        return self.query_one(ContentSwitcher).current or "form"

    @property
    def pristine(self) -> bool:
        """Whether the screen is as a new customer should find it."""
        return self.step == "form" and not any(
            self.query_one(f"#{f}", Input).value for f in FIELDS)

    def show(self, step: str, focus: str) -> None:
        """Switches to a panel and focuses its first control."""
        self.query_one(ContentSwitcher).current = step
        self.query_one(f"#{focus}").focus()

    def reset(self) -> None:
        """Clears everything typed and starts again for the next customer."""
        for field in FIELDS:
            self.query_one(f"#{field}", Input).value = ""
        for error in ("#error", "#confirm-error"):
            self.query_one(error, Static).update("")
        self.query_one("#code", Static).update("")
        self.details, self.consent, self.registered_code = None, False, ""
        self.show("form", "name")

    def _checked(self) -> Details:
        """Reads and checks the form; a FieldProblem names the first field that is wrong."""
        values = {f: self.query_one(f"#{f}", Input).value for f in FIELDS}
        today = self.rt.clock.now().date()
        checks: dict[str, Callable[[str], str]] = {
            "name": lambda v: clean_name(v) if v.strip() else _need(TEXT.need_name),
            "phone": lambda v: phone_of(self.rt, v),
            "email": clean_email,
            "birthday": lambda v: _iso(parse_birthday(v, today)),
        }
        clean: dict[str, str] = {}
        for field, check in checks.items():
            try:
                clean[field] = check(values[field])
            except TermposError as exc:
                raise FieldProblem(field, str(exc)) from exc
        return Details(**clean)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        index = FIELDS.index(event.input.id or "name")
        if index + 1 < len(FIELDS):
            self.query_one(f"#{FIELDS[index + 1]}", Input).focus()
        else:
            self._to_privacy()

    @on(Button.Pressed, "#next")
    def _to_privacy(self) -> None:
        try:
            self.details = self._checked()
        except FieldProblem as problem:
            self.query_one("#error", Static).update(problem.message)
            self.query_one(f"#{problem.field}", Input).focus()
            return
        self.query_one("#error", Static).update("")
        self.show("privacy", "consent-yes")

    @on(Button.Pressed, "#consent-yes")
    def _consent_yes(self) -> None:
        self._to_confirm(True)

    @on(Button.Pressed, "#consent-no")
    def _consent_no(self) -> None:
        self._to_confirm(False)

    def _to_confirm(self, consent: bool) -> None:
        self.consent = consent
        d = self.details
        assert d is not None
        summary = TEXT.summary.format(name=d.name, phone=d.phone, email=d.email or "-",
                                      birthday=d.birthday or "-")
        offers = TEXT.offers_yes if consent else TEXT.offers_no
        self.query_one("#summary", Static).update(f"{summary}\n{offers}")
        self.query_one("#confirm-error", Static).update("")
        self.show("confirm", "confirm-button")

    @on(Button.Pressed, "#back-to-form")
    def _back_to_form(self) -> None:
        self.show("form", "name")

    @on(Button.Pressed, "#back-to-privacy")
    def _back_to_privacy(self) -> None:
        self.show("privacy", "consent-yes")

    @on(Button.Pressed, "#confirm-button")
    def _register(self) -> None:
        d = self.details
        assert d is not None
        try:
            info = create_customer(
                self.rt, d.name, d.phone, email=d.email, consent=self.consent,
                birthday=parse_birthday(d.birthday, self.rt.clock.now().date()),
                source="kiosk", actor="kiosk")
        except DuplicateCustomer:
            self.query_one("#confirm-error", Static).update(TEXT.already)
            return
        except Exception:  # a locked or lost database must not end the kiosk
            self.log.error("kiosk registration failed")
            self.query_one("#confirm-error", Static).update(TEXT.unavailable)
            return
        self.registered_code = info.code
        self.query_one("#code", Static).update(info.code)
        self.show("thanks", "done")

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self.reset()
