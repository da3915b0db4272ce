r"""s004-2.1: the expected first-batch cross-entropy with uniform predictions is log C."""

from symnn.build import Solution, equation

ID = "s004-2.1"
TITLE = "Cross-entropy of uniform predictions"
SOURCE = "004 §2.1"
STATEMENT = (r"""An untrained classifier predicts the uniform distribution $\hat{y}_k = 1/C$ over $C$ balanced classes. """
             r"""With the cross-entropy $\mathcal{L}(y, \hat{y}) = -y^T \log \hat{y}$ and one-hot labels, what is the """
             r"""expected loss of the first batch?""")


def solve():
    per_sample = equation(
        r"-\sum_{k=1}^{C} y_k \log p", r"-\log p", assume=["p > 0", r"\sum_{k=1}^{C} y_k = 1"],
        title="The loss of one sample",
        text=r"Every prediction is the same probability $p = \hat{y}_k$. For a one-hot label "
             r"($\sum_{k} y_k = 1$), whatever its class, the loss is")
    uniform = equation(r"-\log \frac{1}{C}", r"\log C", assume=["C > 0"], title="Uniform predictions",
                       text=r"With $p = 1/C$ it is")
    averaged = equation(
        r"\sum_{c=1}^{C} \pi_c L", "L", assume=[r"\sum_{c=1}^{C} \pi_c = 1"],
        title="The expected loss of a batch",
        text=r"Every sample has the same loss $L = \log C$, so its expectation over the class frequencies "
             r"$\pi_c$ (balanced: $\pi_c = 1/C$, though any frequencies summing to one give the same) is $L$ itself:")
    five, three = (equation(r"-\log \frac{1}{%d}" % c, r"\log %d" % c, title=f"C = {c}") for c in (5, 3))
    return Solution(
        parts=[per_sample, uniform, averaged, five, three],
        notes_on_source=[
            "The source answers log 5 ≈ 1.609 for a '5-class task', but the assignment describes a 3-class subset "
            "of CIFAR-10; for 3 classes the expected first-batch loss is log 3 ≈ 1.0986. The general answer is log C.",
            "The source's sum Σᵢ −(1/5) eᵢᵀ log((1/5)·1) weights the classes by 1/5; class balance is not needed: "
            "with uniform predictions every sample's loss is log C whatever its class.",
        ],
    )
