"""Lets `python -m termpos` run the command."""

from termpos.cli import main

main()
