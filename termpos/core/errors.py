"""Provides the errors a user can cause: each carries a one-line message and an exit status."""

from __future__ import annotations


class TermposError(Exception):
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

    def __init__(self, message: str, action: str = "") -> None:
        super().__init__(message)
        self.action = action
