r"""The language of the prose symnn writes: English (the default) or Chinese.

The language is chosen for a stretch of code with :func:`language` (``symnn build --lang zh``,
``symnn derive --lang zh``); everything that writes prose asks :func:`current` or translates a
sentence with :func:`tr`.  The mathematics is the same in both languages: only words change.

* :func:`tr` translates symnn's own sentences (justifications, headings, certificates, notes of
  the model layer) through the catalogue of :mod:`symnn.latex.zh`; a sentence it does not know
  stays as it is (:func:`untranslated` lists them, so that a test can insist on none);
* :class:`Bilingual` is a sentence given in both languages by its author (a derivation's notes):
  a ``str`` (the English), carrying ``zh``.

>>> note = Bilingual("The source is right.", "原文正确。")
>>> tr(note), str(note)
('The source is right.', 'The source is right.')
>>> with language("zh"):
...     tr(note), tr("chain rule"), current()
('原文正确。', '链式法则', 'zh')
"""

from __future__ import annotations

import contextvars
import re
from contextlib import contextmanager
from typing import Iterator

__all__ = ["LANGUAGES", "Bilingual", "language", "current", "tr", "untranslated", "check_language", "phrasebook",
           "has_cjk"]

#: The languages symnn writes.
LANGUAGES = ("en", "zh")

_CURRENT: contextvars.ContextVar[str] = contextvars.ContextVar("symnn_language", default="en")
_MISSED: set[str] = set()
_PHRASES: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("symnn_phrases", default={})


class Bilingual(str):
    """A sentence in English (the string itself) and in Chinese (``zh``).

    >>> import copy, pickle
    >>> b = Bilingual("chain rule", "链式法则")
    >>> copy.deepcopy(b).zh, pickle.loads(pickle.dumps(b)).zh
    ('链式法则', '链式法则')
    """

    zh: str

    def __new__(cls, en: str, zh: str) -> "Bilingual":
        obj = super().__new__(cls, en)
        obj.zh = zh
        return obj

    def __getnewargs__(self) -> tuple[str, str]:  # copy and pickle keep both languages
        return str(self), self.zh

    def strip(self, chars: str | None = None) -> "Bilingual":  # keeps the translation
        return Bilingual(str.strip(self, chars), self.zh.strip(chars))


def check_language(lang: str) -> str:
    """``lang`` if symnn writes it; otherwise an input error."""
    if lang not in LANGUAGES:
        from ..errors import SymnnInputError

        raise SymnnInputError(f"unknown language {lang!r} (choose from {', '.join(LANGUAGES)})")
    return lang


@contextmanager
def phrasebook(phrases: "dict[str, str] | None") -> Iterator[None]:
    """Inside the block, :func:`tr` also knows ``phrases`` (English → Chinese): the sentences of one
    problem (its notes, the titles of its parts), given by the derivation's Chinese edition.

    >>> with language("zh"), phrasebook({"The source is right.": "原文正确。"}):
    ...     tr("The source is right.")
    '原文正确。'
    """
    token = _PHRASES.set({**_PHRASES.get(), **(phrases or {})})
    try:
        yield
    finally:
        _PHRASES.reset(token)


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Write prose in ``lang`` inside the ``with`` block."""
    token = _CURRENT.set(check_language(lang))
    try:
        yield lang
    finally:
        _CURRENT.reset(token)


def current() -> str:
    """The language prose is written in now (``"en"`` unless :func:`language` says otherwise)."""
    return _CURRENT.get()


def tr(text: str, record: bool = True) -> str:
    """``text`` in the current language (unchanged in English, or when no translation is known;
    ``record=False``: prose that is not a justification or a note, not listed by
    :func:`untranslated` when it stays English)."""
    if current() == "en" or not text:
        return str(text) if not isinstance(text, Bilingual) else str.__str__(text)
    if isinstance(text, Bilingual):
        return text.zh
    key = str(text)
    phrases = _PHRASES.get()
    if key in phrases or key.strip() in phrases:
        return phrases.get(key, phrases.get(key.strip(), key))
    measured = _remeasured(key.strip(), phrases)
    if measured is not None:
        return measured
    from .zh import translate

    out = translate(key)
    if out is None:
        if record and _has_words(key):
            _MISSED.add(str(text))
        return str(text)
    return out


#: A measured value in prose (a largest relative error, a time): decimals and powers of ten, not
#: counts — those come from seeds and must match as they are.
_MEASURED = re.compile(r"(?<![\w.])\d+(?:\.\d+(?:e[-+]?\d+)?|e[-+]\d+)(?![\w.])")


def _remeasured(key: str, phrases: dict[str, str]) -> str | None:
    """The phrase for ``key`` when they differ only in measured values: a problem's note quotes
    the largest relative error its numeric check saw, which moves in the last digits from one
    machine's floating point to another's.  The Chinese takes the new values; a value that cannot
    be placed unambiguously (one old value become two new ones) gives no translation.

    >>> _remeasured("largest error 2.1e-09 of 3 nets", {"largest error 4.4e-09 of 3 nets": "3 个网络最大误差 4.4e-09"})
    '3 个网络最大误差 2.1e-09'
    >>> _remeasured("largest error 2.1e-09 of 4 nets", {"largest error 4.4e-09 of 3 nets": "…"}) is None
    True
    """
    shape = _MEASURED.sub("#", key)
    if shape == key:
        return None
    for en, zh in phrases.items():
        if _MEASURED.sub("#", en.strip()) != shape:
            continue
        changes: dict[str, str] = {}
        for old, new in zip(_MEASURED.findall(en), _MEASURED.findall(key)):
            if changes.setdefault(old, new) != new:
                return None
        return _MEASURED.sub(lambda m: changes.get(m.group(0), m.group(0)), zh)
    return None


def _has_words(text: str) -> bool:
    """Is there an English word in ``text`` outside its formulas (``$k$`` has none to translate)?"""
    prose = re.sub(r"\$[^$]*\$|\\[A-Za-z]+", " ", text)
    return re.search(r"[A-Za-z]{2,}", prose) is not None


def untranslated(clear: bool = False) -> list[str]:
    """The sentences :func:`tr` met without a translation since the last ``clear``."""
    missed = sorted(_MISSED)
    if clear:
        _MISSED.clear()
    return missed


def has_cjk(text: str) -> bool:
    """Does ``text`` hold Chinese characters?"""
    return re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text) is not None
