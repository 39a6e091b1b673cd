"""Provides the command groups that the issues fill, one Typer app per group."""

from __future__ import annotations

import typer


def _group(help_text: str) -> typer.Typer:
    return typer.Typer(help=help_text, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, rich_markup_mode=None)


GROUPS: dict[str, typer.Typer] = {
    "users": _group("Staff accounts, roles and PINs."),
    "shift": _group("Open, inspect and close shifts (X and Z)."),
}
