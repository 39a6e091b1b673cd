"""Provides the till's widgets."""
