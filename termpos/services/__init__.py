"""Provides the use cases of termpos: checkout, shifts, users, import, reports, spool."""
