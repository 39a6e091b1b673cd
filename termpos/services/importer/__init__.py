"""Provides importing from CSV files: reading (encodings, delimiters), products, customers.

Reusable by other importers (stock counts): `open_table` streams any CSV file a shop has,
`core.importing.mapping.build_mapping` maps its header, `core.importing.values` reads cells.
"""
