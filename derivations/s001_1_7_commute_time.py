r"""s001-1.7: The commute-time data: W* and Y* (001 §1.7).  Waiting on: worked least-squares numbers with exact arithmetic (symnn.worked, issue 5)."""

ID = "s001-1.7"
TITLE = "The commute-time data: W* and Y*"
SOURCE = "001 §1.7"
STATEMENT = r"""For the commute-time data of §1.7, compute the least-squares weights $W^*$ and the fitted values $Y^*$."""


def solve():
    raise NotImplementedError("needs worked least-squares numbers with exact arithmetic (symnn.worked, issue 5)")
