"""Provides the errors a user can cause: each carries a one-line message and an exit status.

A message is an English template plus keyword params, translated when it is shown:
`Refused("no product with code {code!r}", code=code)`; str() gives it in the current language.
"""

from __future__ import annotations

from termpos.core.i18n import render


class TranslatedError(Exception):
    """An error whose message template is translated each time it is turned into text."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.template = message
        self.params = params

    def __str__(self) -> str:
        return render(self.template, self.params)


class TermposError(TranslatedError):
    """A refusal or invalid input, shown to the user as one line; exit status 1."""

    exit_code = 1


class UsageError(TermposError):
    """Wrong usage or configuration; exit status 2."""

    exit_code = 2


class NotFound(TermposError):
    """Something named by the user does not exist (a barcode, a receipt, a user)."""


class Refused(TermposError):
    """A rule of the shop refuses the action (not paid in full, shift closed, ...)."""


class PermissionDenied(Refused):
    """The user's role lacks the permission for an action; an approver may override it."""

    def __init__(self, message: str, action: str = "", **params: object) -> None:
        super().__init__(message, **params)
        self.action = action
