"""Provides the till's Textual app and make_app(), the one factory that builds it."""

from termpos.app.main import TillApp, make_app

__all__ = ["TillApp", "make_app"]
