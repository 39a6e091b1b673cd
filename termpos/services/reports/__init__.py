"""Provides the report services: each returns a core Report from one read-only snapshot."""
