r"""s001-4.2: forward and backward pass on the linear-regression computation graph (001 §4.2).

The graph is u = w x, ŷ = u + b, e = y − ŷ, c = e².  The local derivatives come from ``sn.derive``,
the backward values are their products along the graph, each checked against the derivative of
the composite loss (``sn.check``) and against an exact central difference.
"""

import sympy
from sympy import Symbol

import symnn as sn
from symnn.build import Solution, Text, derivative, equation, latex

ID = "s001-4.2"
TITLE = "Forward and backward on the linear-regression computation graph"
SOURCE = "001 §4.2"
STATEMENT = r"""Run the forward and backward pass on the computation graph of linear regression with $w = 5$, $x = 1$."""

w, x, b, y, u, yhat, e, c = (Symbol(s, real=True) for s in ("w", "x", "b", "y", "u", r"\hat{y}", "e", "c"))
#: The graph of the source: each computation node and its definition.
GRAPH = [(u, w * x), (yhat, u + b), (e, y - yhat), (c, e ** 2)]


def _factor(expr) -> str:
    """A factor of a product as LaTeX, in parentheses when negative."""
    text = latex(expr)
    return "(%s)" % text if text.startswith("-") else text


def _data():
    """w = 5, x = 1 are given; b and y (in the missing figure) follow from the source's u = 5, ŷ = 6
    and its ∂c/∂e = 2e = 8."""
    bb, yy = sympy.symbols("b_0 y_0", real=True)
    u0 = 5 * 1
    sol = sympy.solve([u0 + bb - 6, 2 * (yy - 6) - 8], [bb, yy], dict=True)[0]
    return {w: sympy.Integer(5), x: sympy.Integer(1), b: sol[bb], y: sol[yy]}


def solve():
    data = _data()
    # forward: evaluate the nodes in order
    values = dict(data)
    for node, definition in GRAPH:
        values[node] = definition.xreplace(values)
    # c written as a function of each variable: substitute the definitions of the nodes above it
    c_of = {e: e ** 2, yhat: (y - yhat) ** 2, u: (y - (u + b)) ** 2, b: (y - (u + b)) ** 2,
            w: (y - (w * x + b)) ** 2, x: (y - (w * x + b)) ** 2}

    # local derivatives by sn.derive, then the backward pass: upstream gradient times local gradient
    local = {(c, e): sn.derive(e ** 2, e), (e, yhat): sn.derive(y - yhat, yhat),
             (yhat, u): sn.derive(u + b, u), (yhat, b): sn.derive(u + b, b),
             (u, w): sn.derive(w * x, w), (u, x): sn.derive(w * x, x)}
    upstream_of = {e: c, yhat: e, u: yhat, b: yhat, w: u, x: u}
    grad = {c: sympy.Integer(1)}
    for node in (e, yhat, u, b, w, x):
        up = upstream_of[node]
        grad[node] = grad[up] * local[(up, node)].closed_form
    definitions = {e: y - yhat, yhat: u + b, u: w * x}
    symbolic = {}
    for node in (e, yhat, u, b, w, x):  # in the variables of the node: replace the nodes above it
        chain, up = [], upstream_of[node]
        while up in definitions:
            chain.append(up)
            up = upstream_of[up]
        expr = grad[node]
        for above in reversed(chain):  # from the top (e) down
            expr = expr.xreplace({above: definitions[above]})
        symbolic[node] = sympy.factor(expr)

    rows_f = "\n".join(r"  $%s$ & $%s$ & $%s$ \\" % (latex(n), latex(d), latex(values[n])) for n, d in GRAPH)
    forward_table = Text(
        r"The graph has inputs $x, y$, parameters $w, b$ and the nodes below. The source gives "
        r"$w = %s$, $x = %s$; the values of $b$ and $y$ are in a figure that is missing, but the source's "
        r"$u = 5$, $\hat{y} = 6$ and its $\partial c/\partial e = 2e = 8$ fix them: $b = \hat{y} - u = %s$ and "
        r"$e = 4$, $y = \hat{y} + e = %s$ ($c = 16$ alone would also allow $e = -4$, $y = 2$). Forward pass:"
        "\n\n" r"\begin{center}\begin{tabular}{lll}\toprule node & definition & value \\ \midrule" "\n%s\n"
        r"\bottomrule\end{tabular}\end{center}"
        % (latex(data[w]), latex(data[x]), latex(data[b]), latex(data[y]), rows_f),
        title="The graph and the forward pass")
    check_forward = equation((y - (w * x + b)) ** 2, values[c], define={k: v for k, v in data.items()},
                             title="The loss at the data",
                             text=r"The composite loss at $w = %s$, $x = %s$, $b = %s$, $y = %s$:"
                                  % tuple(latex(data[s]) for s in (w, x, b, y)))

    rows_b = []
    for node in (e, yhat, u, b, w, x):
        up = upstream_of[node]
        rows_b.append(r"  $\partial c/\partial %s$ & $\partial c/\partial %s \cdot %s$ & $%s$ & $%s$ \\"
                      % (latex(node), latex(up), _factor(local[(up, node)].closed_form), latex(symbolic[node]),
                         latex(symbolic[node].xreplace(values))))
    backward_table = Text(
        r"Backward pass, starting from $\partial c/\partial c = 1$: each gradient is the gradient of the node "
        r"above it times the local derivative (derived by symnn: $\partial e^2/\partial e = %s$, "
        r"$\partial (y - \hat{y})/\partial \hat{y} = %s$, $\partial (u + b)/\partial u = %s$, "
        r"$\partial (wx)/\partial w = %s$)."
        "\n\n" r"\begin{center}\begin{tabular}{llll}\toprule gradient & chain rule & in the variables & value \\ "
        r"\midrule" "\n%s\n" r"\bottomrule\end{tabular}\end{center}"
        % (latex(local[(c, e)].closed_form), latex(local[(e, yhat)].closed_form),
           latex(local[(yhat, u)].closed_form), latex(local[(u, w)].closed_form), "\n".join(rows_b)),
        title="The backward pass")
    checks = [derivative(c_of[node], node, symbolic[node],
                         title="Check of the gradient in %s" % {yhat: "ŷ"}.get(node, str(node)))
              for node in (yhat, u, w, b)]
    h = Symbol("h", positive=True)
    loss_w = (y - (w * x + b)) ** 2
    at = {k: v for k, v in values.items() if k in (x, b, y)}
    fd = []
    for var in (w, b):
        f = loss_w.xreplace(at)
        point = values[var]
        quotient = (f.xreplace({var: point + h}) - f.xreplace({var: point - h})) / (2 * h)
        if var is b:
            f = loss_w.xreplace({x: values[x], y: values[y], w: values[w]})
            quotient = (f.xreplace({b: point + h}) - f.xreplace({b: point - h})) / (2 * h)
        fd.append(equation(quotient, symbolic[var].xreplace(values),
                           title="Central difference in %s" % var,
                           text=r"The central difference quotient of $c$ in $%s$ at $%s = %s$, for every step $h$ "
                                r"(exact, because $c$ is quadratic in $%s$), equals the backward value:"
                                % (latex(var), latex(var), latex(point), latex(var))))
    return Solution(
        parts=[forward_table, check_forward, backward_table, *checks, *fd],
        notes_on_source=[
            "The forward values u = 5, ŷ = 6, c = 16 agree (with b = 1, y = 10 read off the source's numbers; the "
            "figure giving them is missing).",
            "Sign slip in the backward pass: the source writes ∂c/∂ŷ = ∂c/∂e · ∂(y − ŷ)/∂ŷ = 2e · 1 = 8, but "
            "∂(y − ŷ)/∂ŷ = −1, so ∂c/∂ŷ = −2e = −8, and then ∂c/∂u = ∂c/∂b = ∂c/∂w = −8 (not 8): the prediction "
            "6 is below the target 10, so increasing w lowers the loss; a gradient step with the source's +8 would "
            "raise it.",
            "The source lists ∂c/∂u among the gradients to compute but skips it; it equals ∂c/∂ŷ · 1 = −8.",
        ],
    )
