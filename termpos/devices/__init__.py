"""Provides the scanner, printer and cash drawer."""
