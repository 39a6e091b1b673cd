"""Provides EntryLine: the sale screen's one-line entry for codes, quantities and amounts.

Fast digits ending in Enter (a keyboard-wedge scanner) become BarcodeScanned(code, "wedge");
slower typing ending in Enter is EntryLine.Submitted; "3*" sets a quantity for the next item.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from termpos.core.i18n import _
from termpos.widgets.messages import BarcodeScanned
from termpos.widgets.wedge import WedgeBuffer


class EntryLine(Widget, can_focus=True):
    """Keeps what the cashier typed; the screen reads it or gets a message on Enter or '*'."""

    DEFAULT_CSS = """
    EntryLine { height: 1; width: 1fr; }
    """

    class Submitted(Message):
        """The cashier typed text and pressed Enter."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Multiplier(Message):
        """The cashier typed a quantity followed by '*'."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, max_gap_ms: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.buffer = WedgeBuffer(max_gap_ms)
        self.prefix = ""

    @property
    def text(self) -> str:
        """What has been typed and not yet entered."""
        return self.buffer.text

    def clear(self) -> None:
        """Empties the entry."""
        self.buffer.clear()
        self.refresh()

    def set_prefix(self, prefix: str) -> None:
        """Shows a pending quantity (such as "3 x") before the cursor."""
        self.prefix = prefix
        self.refresh()

    def render(self) -> Text:
        label = Text(_("Entry") + ": ", style="bold")
        if self.prefix:
            label.append(self.prefix + " ", style="reverse")
        label.append(self.buffer.text)
        label.append("_", style="blink" if self.has_focus else "")
        return label

    def on_key(self, event: events.Key) -> None:
        """Collects characters; Enter and '*' end an entry."""
        if event.key == "enter":
            event.stop()
            entry = self.buffer.enter(event.time)
            self.refresh()
            if entry.scanned:
                self.post_message(BarcodeScanned(entry.text, "wedge"))
            elif entry.text:
                self.post_message(self.Submitted(entry.text))
        elif event.key == "backspace":
            event.stop()
            self.buffer.backspace()
            self.refresh()
        elif event.character == "*":
            event.stop()
            text = self.buffer.text
            self.buffer.clear()
            self.refresh()
            self.post_message(self.Multiplier(text))
        elif event.is_printable and event.character and len(event.character) == 1:
            event.stop()
            self.buffer.feed(event.character, event.time)
            self.refresh()
