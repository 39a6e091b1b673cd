"""Provides `termpos config check`: reads the config file and says it is usable, or what is not."""

from __future__ import annotations

import typer

from termpos.cli.common import GLOBALS, out_console

app = typer.Typer(help="The config file.", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode=None)


@app.command()
def check() -> None:
    """Check every table and key of the config file, the till's [keys] included; exit 2 if bad."""
    from termpos.core.config import find_config

    path = find_config(GLOBALS.config)
    settings = GLOBALS.settings()  # a bad file raises ConfigError: one line, exit status 2
    if path is None:
        out_console.print("no config file found: the defaults apply")
        return
    remapped = ", ".join(f"{action} = {keys}" for action, keys in settings.keymap.items())
    out_console.print(f"config file {path}: ok" + (f" (keys: {remapped})" if remapped else ""))
