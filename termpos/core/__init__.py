"""Provides the pure domain of termpos: money, cart, pricing, tax, tenders, receipts, reports.

Only the standard library may be imported here (enforced by import-linter and a test).
"""
