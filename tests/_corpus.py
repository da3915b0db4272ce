"""The corpus's worked problems for the tests, loaded from their derivation files (the problem
data and the problem-specific code live in ``derivations/``)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

DERIVATIONS = Path(__file__).resolve().parents[1] / "derivations"


@lru_cache(maxsize=None)
def derivation(stem_prefix: str):
    """The module of the derivation file whose name starts with ``stem_prefix`` (``s002_``)."""
    path = next(DERIVATIONS.glob(stem_prefix + "*.py"))
    spec = importlib.util.spec_from_file_location("corpus_" + path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed000_step(**kw):
    return derivation("s000_2_1_").step(**kw)


def seed002_step(**kw):
    return derivation("s002_").step(**kw)


def seed004_table():
    return derivation("s004_1_3_").table()[0]


def seed000_fc_table():
    return derivation("s000_1_1_").table()[0]


def seed000_cnn_table(**kw):
    return derivation("s000_1_2_").table(**kw)


def seed001_q4():
    return derivation("s001_ex1_").q4()


def seed001_q5(**kw):
    return derivation("s001_ex1_").q5(**kw)


def seed001_optimizer(question, **changes):
    if "schedule" in changes:   # a 0-based visiting order (or t ↦ i_t), the spec's "order"
        changes["order"] = changes.pop("schedule")
    if "order" in changes and not callable(changes["order"]):
        changes["order"] = list(changes["order"])
    return derivation("s001_ex1_").optimizer(question, **changes)


def seed001_dataset():
    from symnn.worked import Dataset
    task = derivation("s001_ex1_").TASKS["q6"]
    return Dataset(task.data["X"], task.data["y"], loss=task.data["objective"])


def seed001_ex2_q1():
    return derivation("s001_ex2_").q1()


def seed001_ex2_q3():
    return derivation("s001_ex2_").q3()


def seed001_ex2_q4():
    return derivation("s001_ex2_").q4()


def seed001_commute_fit(**kw):
    return derivation("s001_1_7_").fit(**kw)


def seed003_attention(**kw):
    return derivation("s003_4_").attention(**kw)


def all_results() -> dict:
    """Every worked seed problem by PROBLEMS.md ID (sub-items suffixed)."""
    return {
        "s000-1.1": seed000_fc_table(), "s000-1.2": seed000_cnn_table(),
        "s000-2.1": seed000_step(), "s002": seed002_step(),
        "s001-1.7": seed001_commute_fit(),
        "s001-ex1-q4": seed001_q4(), "s001-ex1-q5": seed001_q5(),
        **{f"s001-ex1-q{q}": seed001_optimizer(q) for q in range(6, 11)},
        "s001-ex2-q1": seed001_ex2_q1(), "s001-ex2-q3": seed001_ex2_q3(),
        "s001-ex2-q4": seed001_ex2_q4(),
        "s003-4": seed003_attention(), "s004-1.3": seed004_table(),
    }
