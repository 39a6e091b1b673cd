"""Provides the database: opening, migrations, repositories that return core dataclasses."""
