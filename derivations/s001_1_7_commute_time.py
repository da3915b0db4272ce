r"""s001-1.7: The commute-time data: W* and Y* (001 §1.7)."""

from symnn.build import Solution
from symnn.worked import least_squares
from symnn.worked.numfmt import decimal_str
from symnn.worked.render import matrix

ID = "s001-1.7"
TITLE = "The commute-time data: W* and Y*"
SOURCE = "001 §1.7"

#: The source's table: distance (km), weekday (1) or weekend (0), minutes.
DISTANCE = ["2.7", "4.1", "1.0", "5.2", "2.8"]
WEEKDAY = [1, 1, 0, 1, 0]
MINUTES = [25, 33, 15, 45, 22]
#: The source's printed results (its MATLAB run), compared below.
SOURCE_W = ["6.08613445378149", "6.53361344537816", "2.11274509803922"]
SOURCE_Y = ["25.8396358543418", "34.9866946778712", "12.6197478991597", "42.1736694677872",
            "24.3802521008403"]

STATEMENT = (r"""For the commute-time data of §1.7, fit minutes $\approx w_0 + w_1\,\text{distance} + w_2\,\text{weekday}$ by least squares: compute the weights $W^*$ and the fitted values $Y^*$. The data (one row per trip: distance in km, weekday 1 or weekend 0, minutes):"""
             + "\n$$%s$$" % matrix([[d, str(w), str(m)] for d, w, m in
                                    zip(DISTANCE, WEEKDAY, MINUTES)]))


def fit(minutes=None):
    """The fit of the source's data (or of other minutes); the bias is listed first, as the
    source's W* = (6.086…, 6.534…, 2.113…) does, so X = [1, distance, weekday]."""
    y = minutes if minutes is not None else MINUTES
    result = least_squares(list(zip(DISTANCE, WEEKDAY)), y, bias_first=True,
                           feature_names=("distance (km)", "weekday (1/0)"))
    result.title = "Least squares on the commute-time data"
    if minutes is None:
        diffs = [(f"W*_{i}", s, v) for i, (s, v) in enumerate(zip(SOURCE_W, result.weights))]
        diffs += [(f"Y*_{i + 1}", s, v) for i, (s, v) in enumerate(zip(SOURCE_Y, result.fitted))]
        off = [f"{name} = {decimal_str(v, len(s.split('.')[1]))} (source {s})"
               for name, s, v in diffs if decimal_str(v, len(s.split(".")[1])) != s]
        result.notes.append(
            f"exact values: W* = ({', '.join(str(w) for w in result.weights)}) (bias, distance, "
            "weekday); the source's printed digits agree except in the last place of "
            + "; ".join(off) + ", floating-point noise of its MATLAB run")
    return result


def solve():
    return Solution(
        parts=[fit()],
        notes_on_source=[
            "The source's W* and Y* are right up to floating-point noise in the last printed "
            "digit (e.g. W*_0 = 2897/476 = 6.0861344537815126..., printed 6.08613445378149); "
            "the exact values are W* = (2897/476, 1555/238, 431/204).",
            "The source lists the bias w_0 first, so the design matrix is [1, distance, weekday].",
        ],
    )
