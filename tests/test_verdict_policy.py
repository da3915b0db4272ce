r"""Verified means proved: the claims numbers alone used to accept are refuted inside the region
where they are wrong, their correct counterparts are proved, and true claims that used to end with
"0 usable points" or a false refutation are proved (the CLI, in a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

import symnn as sn

CLI = [sys.executable, "-m", "symnn"]


def symnn(*args: str, timeout: float = 180) -> tuple[int, dict | None, str]:
    proc = subprocess.run([*CLI, *args, "--json"], capture_output=True, text=True, timeout=timeout)
    out = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else None
    return proc.returncode, out, proc.stderr


YHAT = r"\hat{y}_j = \frac{e^{\beta_j}}{\sum_{m=1}^{C} e^{\beta_m}}"
MATRIX = ["--matrix", "X:n,d", "--matrix", "W:d,1", "--matrix", "Y:n,1"]

#: (arguments of the false claim, test on the counterexample point, arguments of the true one)
FALSE_AND_TRUE = [
    (["--expr", r"\mathrm{ReLU}(x-15)", "--wrt", "x", "--claim", "0"], lambda p: p["x"] > 15,
     ["--expr", r"\mathrm{ReLU}(x-15)", "--wrt", "x", "--claim", r"\mathbb{I}(x-15>0)"]),
    (["--expr", r"\mathrm{ReLU}(x)-\mathrm{ReLU}(x-6)", "--wrt", "x", "--claim", r"\mathbb{I}(x>0)"],
     lambda p: p["x"] > 6,
     ["--expr", r"\mathrm{ReLU}(x)-\mathrm{ReLU}(x-6)", "--wrt", "x", "--claim", r"\mathbb{I}(x>0)-\mathbb{I}(x>6)"]),
    (["--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\sigma(x)(1-\sigma(x)) + e^{x-35}"], None,
     ["--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\sigma(x)(1-\sigma(x))"]),
    (["--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"1.0000005\,\sigma(x)(1-\sigma(x))"], None,
     ["--expr", r"\sigma(x)", "--wrt", "x", "--claim", r"\frac{e^{-x}}{(1+e^{-x})^2}"]),
    (["--expr", r"-\log(p + 10^{-9})", "--wrt", "p", "--claim", r"-\frac{1}{p}", "--assume", "p > 0"],
     lambda p: p["p"] > 0,
     ["--expr", r"-\log(p + 10^{-9})", "--wrt", "p", "--claim", r"-\frac{1}{p + 10^{-9}}", "--assume", "p > 0"]),
    (["--expr", "x^2", "--wrt", "x", "--claim", r"2x + e^{-10^{6}(x-0.7)^2}"], lambda p: abs(p["x"] - 0.7) < 0.01,
     ["--expr", "x^2", "--wrt", "x", "--claim", "2x"]),
    (["--expr", r"\frac{1}{2}\|XW-Y\|_2^2 + 10^{8}\|W\|_2^2", "--wrt", "W", "--claim", r"2 \cdot 10^{8} W", *MATRIX],
     None,
     ["--expr", r"\frac{1}{2}\|XW-Y\|_2^2 + 10^{8}\|W\|_2^2", "--wrt", "W", "--claim", r"X^T(XW-Y) + 2 \cdot 10^{8} W",
      *MATRIX]),
    (["--expr", r"-\sum_{k=1}^{C} y_k \log \hat{y}_k", "--wrt", r"\beta_j", "--claim", r"\hat{y}_j - y_j + \delta_{j9}",
      "--define", YHAT, "--assume", r"\sum_{k=1}^{C} y_k = 1"], None,
     ["--expr", r"-\sum_{k=1}^{C} y_k \log \hat{y}_k", "--wrt", r"\beta_j", "--claim", r"\hat{y}_j - y_j",
      "--define", YHAT, "--assume", r"\sum_{k=1}^{C} y_k = 1"]),
    (["--expr", "x^T A x", "--wrt", "x", "--claim", "(A+A^T)x + (n-2)(n-3)(n-4)(n-5)x", "--matrix", "A:n,n",
      "--matrix", "x:n,1"], None,
     ["--expr", "x^T A x", "--wrt", "x", "--claim", "(A+A^T)x", "--matrix", "A:n,n", "--matrix", "x:n,1"]),
    (["--expr", r"\mathrm{CE}(y, \hat{y})", "--wrt", r"\beta_j", "--claim", "0", "--define", YHAT], None,
     ["--expr", r"\mathrm{CE}(y, \hat{y})", "--wrt", r"\beta_j", "--claim", r"\hat{y}_j \sum_{k=1}^{C} y_k - y_j",
      "--define", YHAT]),
]


@pytest.mark.parametrize("false_args,where,true_args", FALSE_AND_TRUE, ids=[a[1] for a, _, _ in FALSE_AND_TRUE])
def test_false_claim_refuted_and_its_counterpart_proved(false_args, where, true_args):
    code, out, err = symnn("check", *false_args)
    assert code == 1, (out, err)
    assert out["verdict"] == "refuted" and out["counterexample"] is not None
    if where is not None:
        assert where(out["counterexample"]["point"]), out["counterexample"]
    assert out["counterexample"]["expected"] != out["counterexample"]["claimed"]
    code, out, err = symnn("check", *true_args)
    assert code == 0, (out, err)
    assert out["verdict"] == "verified" and out["method"] in ("symbolic", "exact")


def test_the_class_specific_counterexample_is_at_class_9():
    code, out, _ = symnn("check", *FALSE_AND_TRUE[7][0])
    assert code == 1 and "j = 9" in out["counterexample"]["instance"]


#: True claims that used to be refuted, or "undetermined" for want of usable points.
TRUE_CLAIMS = [
    ["--expr", r"-y_1 \log p_1 - y_2 \log p_2 - y_3 \log p_3", "--wrt", "p_1", "--claim", r"-\frac{y_1}{p_1}",
     "--assume", "y_1 + y_2 + y_3 = 1"],
    ["--equation", "y_1 + y_2 + y_3 = 1", "--assume", "y_1 + y_2 + y_3 = 1"],
    ["--equation", r"\delta_{ki} = 0", "--assume", r"k \neq i"],
    ["--expr", "w_0 x_0 + w_1 x_1", "--wrt", "w_0", "--claim", "x_0"],
    ["--expr", r"\sum_i g_i (\sum_m w_{im} a_m + b_i)", "--wrt", "w_{jk}", "--claim", "g_j a_k"],
    ["--expr", r"\sum_{k=1}^{n^L} \beta_k^2", "--wrt", r"\beta_j", "--claim", r"2\beta_j"],
    ["--expr", r"\sum_k \beta_k^2", "--wrt", r"\beta_j", "--claim", r"2\beta_j"],
    ["--expr", r"\hat{y}^2", "--wrt", "z", "--claim", r"2\sigma(z)^2(1-\sigma(z))", "--define", r"\hat{y} = \sigma(z)"],
    ["--expr", r"e^{\theta^T x}", "--wrt", r"\theta", "--claim", r"e^{\theta^T x} x", "--matrix", "theta:d,1",
     "--matrix", "x:d,1"],
    ["--expr", r"\mathrm{ReLU}(w x + b)", "--wrt", "w", "--claim", r"x \mathbb{I}(w x + b > 0)"],
    ["--expr", r"\log \sum_{k=1}^q \exp(o_k) - \sum_{j=1}^q y_j o_j", "--wrt", "o_j", "--claim",
     r"\mathrm{softmax}(o)_j - y_j"],
]


@pytest.mark.parametrize("args", TRUE_CLAIMS, ids=[a[1] for a in TRUE_CLAIMS])
def test_true_claims_are_proved(args):
    code, out, err = symnn("check", *args)
    assert code == 0, (out, err)
    assert out["method"] == "symbolic"


def test_wrong_variants_of_those_are_refuted():
    v = sn.check(r"-y_1 \log p_1 - y_2 \log p_2 - y_3 \log p_3", "p_1", r"-\frac{y_2}{p_1}",
                 assume=["y_1 + y_2 + y_3 = 1"])
    assert v.verdict == "refuted"
    point = v.counterexample["point"]
    assert abs(point["y[1]"] + point["y[2]"] + point["y[3]"] - 1) < 1e-12  # inside the assumption
    assert sn.check(r"\mathrm{ReLU}(w x + b)", "w", r"\mathbb{I}(w x + b > 0)").verdict == "refuted"
    assert sn.check_equation(r"\delta_{ki}", "1", assume=[r"k \neq i"]).verdict == "refuted"


def test_verified_always_has_a_proof_method():
    """verified ⇒ symbolic or exact, through the API; numbers alone are undetermined."""
    for args in (("\\sigma(x)", "x", "\\sigma(x)(1-\\sigma(x))"), ("x^2", "x", "2x")):
        v = sn.check(*args)
        assert v.verdict == "verified" and v.method in ("symbolic", "exact")
    with pytest.raises(ValueError):
        sn.Verdict("verified", method="numeric")


@pytest.mark.parametrize("k", range(1, 7))
@pytest.mark.parametrize("f", [r"\sigma(x)", r"\tanh(x)", r"\mathrm{softplus}(x)"])
def test_derive_orders_one_to_six(f, k):
    """derive --order k gives a closed form in the vocabulary, proved equal to SymPy's derivative
    of the definition."""
    import sympy

    from symnn.vocabulary import expand_definitions

    d = sn.derive(f, "x", order=k)
    assert d.verdict.verdict == "verified" and d.verdict.method == "symbolic"
    assert not d.closed_form.has(sympy.exp)
    x = sympy.Symbol("x", real=True)
    truth = sympy.diff(expand_definitions(sn.parse_latex(f)), x, k)
    assert sn.check_equation(d.closed_form, truth).verdict == "verified"


BAD_OPTIONS = [
    ["check", "--expr", "x", "--wrt", "x", "--claim", "1", "--order", "0"],
    ["check", "--expr", "x", "--wrt", "x", "--claim", "1", "--order", "21"],
    ["check", "--expr", "x", "--wrt", "x", "--claim", "1", "--seed", "-1"],
    ["check", "--expr", "x^TXw", "--wrt", "w", "--claim", "X^Tx", "--matrix", "X:100000,100000",
     "--matrix", "x:100000,1", "--matrix", "w:100000,1"],
    ["check", "--expr", r"\sum_{k=1}^{10^9} x_k", "--wrt", "x_1", "--claim", "1"],
]


@pytest.mark.parametrize("args", BAD_OPTIONS, ids=["order0", "order21", "seed", "size", "bound"])
def test_bad_options_exit_2_with_one_line(args):
    start = time.monotonic()
    proc = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("symnn: error:") and "Traceback" not in proc.stderr
    assert time.monotonic() - start < 30  # start-up included; the check itself is immediate


def test_a_value_may_start_with_a_minus_sign():
    code, out, err = symnn("check", "--expr", r"-\log(p)", "--wrt", "p", "--claim", r"-\frac{1}{p}")
    assert code == 0, err


def test_internal_error_is_exit_4_not_1(monkeypatch):
    """Any uncaught exception: exit 4, one line saying it is a bug (in-process, so it can be forced)."""
    from symnn import api, cli

    def boom(*a, **k):
        raise StopIteration("forced")

    monkeypatch.setattr(api, "check", boom)
    code = cli.main(["check", "--expr", "x", "--wrt", "x", "--claim", "1"])
    assert code == 4
