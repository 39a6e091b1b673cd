"""Provides the product search modal: results as the cashier types, arrows and Enter pick."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from termpos.core.i18n import N_, _
from termpos.core.money import format_amount
from termpos.services.runtime import Runtime
from termpos.services.search import ProductHit, search_products
from termpos.widgets.cells import fit
from termpos.widgets.look import binding, localize_bindings

NAME_CELLS = 40


class SearchModal(ModalScreen[ProductHit | None]):
    """Searches products by name or code; Enter returns the highlighted one, Esc None."""

    BINDINGS = [
        binding("escape", "cancel", N_("Back"), "back"),
        binding("down", "results", N_("Results"), "results", show=False),
    ]

    def __init__(self, rt: Runtime, query: str = "") -> None:
        super().__init__()
        self.rt = rt
        self.initial = query
        self.hits: list[ProductHit] = []
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="box"):
            yield Static(_("Find a product by name or code"), classes="title")
            yield Input(self.initial, id="query")
            yield OptionList(id="results")
            yield Static("", id="message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        if self.initial:
            self.run_search(self.initial)

    def run_search(self, query: str) -> None:
        """Queries the database (indexed, limited) and shows the results."""
        self.hits = search_products(self.rt, query)
        results = self.query_one("#results", OptionList)
        results.clear_options()
        exponent = self.rt.settings.currency_exponent
        for hit in self.hits:
            label = Text(fit(hit.name, NAME_CELLS))
            label.append(f" {format_amount(hit.price, exponent):>9}  {hit.code}")
            results.add_option(Option(label, id=str(hit.id)))
        if self.hits:
            results.highlighted = 0
        message = "" if self.hits or not query.strip() else _("nothing found")
        self.query_one("#message", Static).update(message)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        index = self.query_one("#results", OptionList).highlighted
        if self.hits:
            self.dismiss(self.hits[index or 0])

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def action_results(self) -> None:
        """Moves from the query to the results list."""
        if self.hits:
            self.query_one("#results", OptionList).focus()

    def action_cancel(self) -> None:
        """Backs out without choosing."""
        self.dismiss(None)
