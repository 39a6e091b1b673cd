"""Provides the till's screens."""
