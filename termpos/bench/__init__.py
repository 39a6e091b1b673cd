"""Provides the benchmark suite: `python -m termpos.bench` or `scripts/bench`."""
