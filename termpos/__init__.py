"""termpos: a keyboard-driven terminal point of sale for small shops."""

__version__ = "0.1.0"
