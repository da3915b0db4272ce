"""``python -m symnn``: the command line."""

from .cli import run

run()
