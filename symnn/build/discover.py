r"""Finding and loading the derivation files of a directory.

A derivation file is a Python file whose name starts with its problem ID, ``-`` and ``.`` written
as ``_`` (``s001_3_2_sigmoid.py`` holds ``s001-3.2``).  It defines ``ID``, ``TITLE``, ``SOURCE``,
``STATEMENT`` and ``solve()``, and for the Chinese edition ``TITLE_ZH`` and ``STATEMENT_ZH`` (the
problem as the Chinese source states it); the Chinese edition may also live in
``zh/<ID>.toml`` beside the files (title, the statement quoted from the source, the problem's
sentences in Chinese); see ``derivations/README.md``.  Files starting with ``_`` are
helpers, not problems.  A file that cannot be loaded still becomes a :class:`Problem`, carrying
the error, so that the build reports it instead of stopping.

>>> id_to_stem("s001-3.2"), id_to_stem("s002")
('s001_3_2', 's002')
>>> sorted(["s001_ex1_a.py", "s001_1_10_b.py", "s001_1_3_c.py"], key=natural_key)
['s001_1_3_c.py', 's001_1_10_b.py', 's001_ex1_a.py']
"""

from __future__ import annotations

import importlib.util
import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

__all__ = ["Problem", "discover", "load_problem", "id_to_stem", "natural_key"]

REQUIRED = ("ID", "TITLE", "SOURCE", "STATEMENT", "solve")


@dataclass
class Problem:
    """One derivation file: its metadata and ``solve``, or the error that kept it from loading."""

    id: str
    path: Path
    title: str = ""
    source: str = ""
    statement: str = ""
    solve: Callable[[], Any] | None = None
    load_error: str = ""
    title_zh: str = ""
    statement_zh: str = ""
    #: The Chinese edition (``derivations/zh/<ID>.toml``): the statement quoted from the source
    #: (Markdown with ``$…$``, word for word), the source file it is quoted from, and the problem's
    #: sentences in Chinese (English → Chinese: notes, titles of parts).
    quote_zh: str = ""
    quote_source: str = ""
    phrases_zh: dict = field(default_factory=dict)


def id_to_stem(problem_id: str) -> str:
    """The file-name prefix of a problem ID."""
    return re.sub(r"[-.]", "_", problem_id)


def natural_key(name: str) -> list:
    """Sort key that orders embedded numbers by value (``1_3`` before ``1_10``)."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", str(name)) if part]


def _import(path: Path) -> ModuleType:
    name = "symnn_derivation_" + re.sub(r"\W", "_", path.stem)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py path always has a loader
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def _short_traceback(exc: BaseException, path: Path) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
    where = f" (line {frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}{where}: {exc}"


def load_problem(path: Path) -> Problem:
    """Import one derivation file (never raises: a broken file gives a Problem with ``load_error``)."""
    path = Path(path)
    try:
        module = _import(path)
    except Exception as exc:  # noqa: BLE001 - any error in the file is reported, not raised
        return Problem(id=path.stem, path=path, load_error="cannot load the file: " + _short_traceback(exc, path))
    missing = [name for name in REQUIRED if not hasattr(module, name)]
    problem_id = str(getattr(module, "ID", path.stem))
    problem = Problem(id=problem_id, path=path, title=str(getattr(module, "TITLE", "")),
                      source=str(getattr(module, "SOURCE", "")), statement=str(getattr(module, "STATEMENT", "")),
                      solve=getattr(module, "solve", None), title_zh=str(getattr(module, "TITLE_ZH", "")),
                      statement_zh=str(getattr(module, "STATEMENT_ZH", "")))
    _load_chinese(problem, path.parent / "zh" / f"{problem_id}.toml")
    if missing:
        problem.load_error = "the file does not define " + ", ".join(missing)
    elif not callable(problem.solve):
        problem.load_error = "solve is not a function"
    elif not path.stem.startswith(id_to_stem(problem_id)):
        problem.load_error = f"the file name should start with {id_to_stem(problem_id)} (its ID is {problem_id})"
    return problem


def _load_chinese(problem: Problem, path: Path) -> None:
    """Read the problem's Chinese edition, if there is one (a broken file is a load error)."""
    if not path.exists():
        return
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        problem.title_zh = problem.title_zh or str(data.get("title", ""))
        problem.quote_zh = str(data.get("statement", ""))
        problem.quote_source = str(data.get("source", ""))
        problem.phrases_zh = {str(p["en"]).strip(): str(p["zh"]).strip() for p in data.get("say", [])}
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        problem.load_error = f"cannot read {path.name}: {exc}"


def discover(directory: Path | str) -> list[Problem]:
    """Every derivation file of ``directory``, loaded, in natural order of the file names."""
    directory = Path(directory)
    paths = sorted((p for p in directory.glob("*.py") if not p.name.startswith("_")), key=lambda p: natural_key(p.name))
    problems = [load_problem(p) for p in paths]
    seen: dict[str, Path] = {}
    for problem in problems:
        if problem.id in seen and not problem.load_error:
            problem.load_error = f"duplicate ID {problem.id} (also in {seen[problem.id].name})"
        seen.setdefault(problem.id, problem.path)
    return problems
