"""Provides the pure part of importing: reading values, naming columns, presets, mapping.

Nothing here touches files or the database; services/importer streams the rows through it.
"""
