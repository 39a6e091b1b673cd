"""Provides what every command shares: global options, opening the store, printing errors."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from rich.console import Console

from termpos.core.config import Settings, load_settings

if TYPE_CHECKING:
    from termpos.services.runtime import Runtime

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False, soft_wrap=True)  # lines stay whole when piped


@dataclass
class Globals:
    """The options given before the command: --config, --db, --debug."""

    config: str | None = None
    db: str | None = None
    debug: bool = False
    _settings: Settings | None = None

    def settings(self) -> Settings:
        """The settings from the config file (read once)."""
        if self._settings is None:
            self._settings = load_settings(self.config)
        return self._settings

    def db_url(self) -> str:
        """The database: --db, TERMPOS_DB, the config's database.url, or the default."""
        from termpos.services.runtime import default_db_url

        return self.db or os.environ.get("TERMPOS_DB") or self.settings().database_url or (
            default_db_url()
        )

    def runtime(self, *, read_only: bool = False, create: bool = False) -> Runtime:
        """Opens the store for a command."""
        from termpos.services.runtime import open_runtime

        return open_runtime(self.settings(), self.db_url(), read_only=read_only, create=create)


GLOBALS = Globals()


def fail(message: str, code: int = 1) -> NoReturn:
    """Prints one line to stderr and exits with the given status."""
    from rich.markup import escape

    err_console.print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False)
    sys.exit(code)
