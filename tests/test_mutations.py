"""The mutation campaign: ≥ 1,000 generated claims, every true one verified, every mutant
refuted, no false accept (issue: verified means proved)."""

from __future__ import annotations

import collections

import pytest

import symnn as sn
from symnn import verify

from mutation_claims import generate, indexed_claims

N_SCALAR = 1000


@pytest.fixture(scope="module")
def campaign():
    claims = generate(N_SCALAR, seed=2026)
    results = [(c, verify.check(c.expr, c.wrt, c.claim)) for c in claims]
    return results


def test_campaign_size_and_kinds(campaign):
    kinds = collections.Counter(c.kind for c, _ in campaign)
    assert len(campaign) >= 1000
    for kind in ("true derivative", "sign flip", "dropped factor", "swapped argument", "factor 1+1e-6",
                 "added far-out term", "bump", "scale-hidden term", "sigma <-> 1 - sigma"):
        assert kinds[kind] >= 10, kinds


def test_no_false_accept(campaign):
    false_accepts = [(c.kind, str(c.claim)) for c, v in campaign if not c.true and v.verdict == "verified"]
    assert false_accepts == []


def test_every_mutant_refuted(campaign):
    missed = [(c.kind, str(c.expr), str(c.claim), v.verdict, v.message) for c, v in campaign
              if not c.true and v.verdict != "refuted"]
    assert missed == []


def test_every_true_derivative_verified_with_a_proof(campaign):
    bad = [(str(c.expr), v.verdict, v.message) for c, v in campaign if c.true and v.verdict != "verified"]
    assert bad == []
    assert all(v.method == "symbolic" for c, v in campaign if c.true)


def test_refutations_carry_a_counterexample_or_a_disproof(campaign):
    for c, v in campaign:
        if v.verdict == "refuted":
            assert v.method == "symbolic" or v.counterexample is not None


@pytest.mark.parametrize("expr,wrt,claim,define,assume,true", indexed_claims(seed=7))
def test_class_specific_terms(expr, wrt, claim, define, assume, true):
    v = sn.check(expr, wrt, claim, define=define, assume=assume)
    assert v.verdict == ("verified" if true else "refuted"), v.message
    if not true:
        assert v.counterexample is not None
