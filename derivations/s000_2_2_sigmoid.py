r"""s000-2.2: sigma' and sigma'' in closed form; the gradient of log softmax."""

import symnn as sn
from symnn.build import Proof, Solution, Todo, equation

ID = "s000-2.2"
TITLE = "Derivatives of the sigmoid and of log-softmax"
SOURCE = "000 §2.2"
STATEMENT = (r"""Compute the first and second derivatives of $\sigma(x) = \frac{1}{1+\exp(-x)}$ and the gradient """
             r"""of $\log \mathrm{softmax}(x)_i = \log \frac{\exp(x_i)}{\sum_{j=1}^{C} \exp(x_j)}$.""")


def _log_softmax_part():
    try:
        derivation = sn.derive(r"\log \mathrm{softmax}(x)_i", r"x_k")
    except sn.SymnnInputError as exc:
        return Todo("The gradient of log-softmax", needs=f"indexed calculus with softmax (issue 3): {exc}")
    return Proof(derivation, title="The gradient of log-softmax")


def solve():
    first = sn.derive(r"\frac{1}{1+e^{-x}}", "x")
    second = sn.derive(r"\frac{1}{1+e^{-x}}", "x", order=2)
    source_step = equation(
        r"\sigma(x)(1-\sigma(x))^2 - \sigma(x)^2(1-\sigma(x))", second.closed_form,
        title="The source's intermediate form of the second derivative",
        text=r"The source writes $\sigma''$ first as $\sigma(1-\sigma)^2 - \sigma^2(1-\sigma)$; it equals the closed form:")
    return Solution(
        parts=[Proof(first, title="The first derivative"), Proof(second, title="The second derivative"),
               source_step, _log_softmax_part()],
        notes_on_source=[
            "The source's σ′ and σ″ (including its intermediate form σ(1−σ)² − σ²(1−σ)) are correct.",
        ],
    )
