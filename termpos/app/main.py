"""Provides the till app. Until the till issue lands it shows the store and that it is ready."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from termpos.app.ready import announce_ready
from termpos.services.runtime import Runtime


class TillApp(App[None]):
    """The cashier's till."""

    TITLE = "termpos"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit")]

    def __init__(self, rt: Runtime) -> None:
        super().__init__()
        self.rt = rt

    def on_mount(self) -> None:
        self.call_after_refresh(announce_ready, self)

    def compose(self) -> ComposeResult:
        yield Static(f"{self.rt.settings.store_name}\ntill {self.rt.till} — ready", id="ready")
        yield Footer()


def make_app(rt: Runtime) -> TillApp:
    """Builds the till app from a runtime (settings, database, clock)."""
    return TillApp(rt)
