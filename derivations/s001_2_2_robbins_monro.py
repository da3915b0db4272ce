r"""s001-2.2: the Robbins-Monro conditions for eta_t = C / sqrt(t) and eta_t = C / t."""

from symnn.build import Solution, Text, series_convergence

ID = "s001-2.2"
TITLE = "Robbins–Monro conditions for two learning-rate schedules"
SOURCE = "001 §2.2"
STATEMENT = (r"""The Robbins--Monro conditions ask $\sum_{t=1}^{\infty} \eta_t = \infty$ and $\sum_{t=1}^{\infty} \eta_t^2 < \infty$. """
             r"""Decide which of them hold for $\eta_t = C/\sqrt{t}$ and for $\eta_t = C/t$ ($C > 0$).""")

#: (eta_t, eta_t^2, eta_t inline, plain-text name)
SCHEDULES = [(r"\frac{C}{\sqrt{t}}", r"\frac{C^2}{t}", r"C/\sqrt{t}", "C/√t"),
             (r"\frac{C}{t}", r"\frac{C^2}{t^2}", r"C/t", "C/t")]


def solve():
    parts, verdicts = [], []
    for eta, eta_squared, name, plain in SCHEDULES:
        first = series_convergence(eta, "t", assume=["C > 0"], title=f"First condition, η = {plain}",
                                   text=r"For $\eta_t = %s$, the sum of the steps:" % name)
        second = series_convergence(eta_squared, "t", assume=["C > 0"], title=f"Second condition, η = {plain}",
                                    text=r"The sum of the squared steps, $\eta_t^2 = %s$:" % eta_squared)
        parts += [first, second]
        holds = first.converges is False and second.converges is True
        verdicts.append(r"$\eta_t = %s$ %s the Robbins--Monro conditions" % (name, "satisfies" if holds else "violates"))
    parts.append(Text("Hence " + " and ".join(verdicts) + ".", title="Conclusion"))
    return Solution(
        parts=parts,
        notes_on_source=[
            "The source announces a proof that C/√t satisfies both conditions and then finds that it does "
            "not: Σ C²/t diverges, so C/√t violates the second condition (checked above); only C/t satisfies both.",
            "In its proof that the harmonic series diverges, the source bounds the infinite sum by the integral of "
            "1/x from 1 to n and writes the result as 'ln x − ln 1'; it should bound the partial sum "
            "1 + 1/2 + … + 1/n from below by the integral of 1/x from 1 to n + 1, which is ln(n + 1) → ∞.",
            "The source says 'although η diverges … its divergence is logarithmic'; it means the partial sums of "
            "the squared steps C²/t, which grow like C² ln T; the step C/√t itself tends to 0.",
        ],
    )
