"""Errors symnn reports to its users.

Every error a user can provoke with their input is a :class:`SymnnInputError`: the CLI prints its
one-line message and exits with code 2.  Internal failures are ordinary exceptions.

>>> err = SymnnInputError("unknown macro \\\\foo", source="\\\\foo{x}", position=0)
>>> str(err)
'unknown macro \\\\foo at position 0'
"""

from __future__ import annotations


class SymnnError(Exception):
    """Base class of every error symnn raises on purpose."""


class SymnnInputError(SymnnError, ValueError):
    """The user's input (LaTeX, an option, a shape) is not acceptable.

    ``position`` is the 0-based character offset into ``source`` where the problem was found, when
    it is known; the message then ends with ``at position N``.
    """

    def __init__(self, message: str, *, source: str | None = None, position: int | None = None):
        self.problem = message
        self.source = source
        self.position = position
        text = message if position is None else f"{message} at position {position}"
        super().__init__(text)


class BudgetExceeded(SymnnError):
    """A computation ran out of its time budget (see :mod:`symnn.budget`)."""
