r"""Reading a document (``.tex``, ``.md``, ``.txt``) into its math pieces and its prose.

Nothing in the document is run: ``\input``, ``\include`` and ``\write18`` are reported, never
followed, and the preamble is read only for ``\newcommand``/``\DeclareMathOperator`` (see
:mod:`symnn.documents.macros`).  Offsets are kept into the original text, so every piece knows
the file line it comes from.

>>> doc = read_text("Let $x = 2$.\n$$y = x + 1$$\n", name="hw.md")
>>> [(p.text, p.line) for p in doc.pieces]
[('x = 2', 1), ('y = x + 1', 2)]
>>> doc.prose_before(doc.pieces[1]).strip()
'.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SymnnInputError

#: Largest document read (bytes); beyond it the file is an input error.
MAX_BYTES = 2_000_000

#: Display environments whose body is one math piece.
DISPLAY_ENVIRONMENTS = (
    "equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*",
    "eqnarray", "eqnarray*", "displaymath", "math", "flalign", "flalign*", "alignat", "alignat*",
)

#: Commands that would read or write other files or run programs: never followed.
FORBIDDEN = re.compile(r"\\(input|include|write18|immediate|openout|openin|read|includeonly|usepackage\{shellesc)\b")


@dataclass
class Piece:
    """One math piece: ``text`` is the body, ``start`` its offset in the document."""

    text: str
    start: int
    line: int
    display: bool
    problem: str | None = None  # why the piece cannot be read (unbalanced $, \input ...)
    outer: tuple[int, int] = (0, 0)  # the span with its delimiters ($, \begin{...} ...)


@dataclass
class Document:
    """The text of a document, its math pieces (in order) and its file name."""

    name: str
    text: str
    kind: str  # "tex", "md" or "txt"
    pieces: list[Piece] = field(default_factory=list)

    def line_of(self, offset: int) -> int:
        """1-based line of a character offset."""
        return self.text.count("\n", 0, max(0, offset)) + 1

    def prose_before(self, piece: Piece) -> str:
        """The text between the previous piece (or the start) and this one."""
        i = self.pieces.index(piece)
        begin = self.pieces[i - 1].outer[1] if i else 0
        return self.text[begin:piece.outer[0]]


def read_path(path: str | Path) -> Document:
    """Read a file; a missing, binary, undecodable or too large file is an input error."""
    p = Path(path)
    if not p.is_file():
        raise SymnnInputError(f"{path}: no such file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise SymnnInputError(f"{path}: file too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
    data = p.read_bytes()
    if b"\x00" in data:
        raise SymnnInputError(f"{path}: binary file (NUL byte at offset {data.index(bytes(1))}), not a document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SymnnInputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return read_text(text, name=str(path))


def _kind(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return {".tex": "tex", ".md": "md", ".markdown": "md"}.get(suffix, "txt")


def _strip_comments(text: str) -> str:
    """Blank out TeX comments (``%`` to end of line, not ``\\%``), keeping offsets."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), text)


def _blank_code(text: str) -> str:
    """Blank out Markdown code blocks and code spans (they are not math), keeping offsets."""
    text = re.sub(r"```.*?(```|\Z)", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    return re.sub(r"`[^`\n]*`", lambda m: " " * len(m.group(0)), text)


def read_text(text: str, name: str = "<text>") -> Document:
    """Split ``text`` into math pieces (``$…$``, ``$$…$$``, ``\\[…\\]``, ``\\(…\\)`` and the
    display environments), each with its offset and line."""
    if len(text.encode("utf-8", "ignore")) > MAX_BYTES:
        raise SymnnInputError(f"{name}: document too large (the limit is {MAX_BYTES:,} bytes)")
    kind = _kind(name)
    doc = Document(name=name, text=text, kind=kind)
    scan = _strip_comments(text) if kind == "tex" else text
    if kind == "md":
        scan = _blank_code(scan)
    env_open = re.compile(r"\\begin\{(" + "|".join(re.escape(e) for e in DISPLAY_ENVIRONMENTS) + r")\}")
    i, n = 0, len(scan)
    while i < n:
        c = scan[i]
        if c == "\\" and i + 1 < n:
            nxt = scan[i + 1]
            if nxt in "[(":
                close = "\\]" if nxt == "[" else "\\)"
                j = scan.find(close, i + 2)
                if j < 0:
                    _bad(doc, scan, i, f"\\{nxt} without a matching {close}")
                    break
                _add(doc, scan, i + 2, j, display=nxt == "[", outer=(i, j + 2))
                i = j + 2
                continue
            m = env_open.match(scan, i)
            if m:
                env = m.group(1)
                end_tag = "\\end{" + env + "}"
                j = scan.find(end_tag, m.end())
                if j < 0:
                    _bad(doc, scan, i, f"\\begin{{{env}}} without \\end{{{env}}}")
                    break
                _add(doc, scan, m.end(), j, display=True, outer=(i, j + len(end_tag)))
                i = j + len(end_tag)
                continue
            i += 2  # an escaped character such as \$ or a command
            continue
        if c == "$":
            if scan.startswith("$$", i):
                j = scan.find("$$", i + 2)
                if j < 0:
                    _bad(doc, scan, i, "$$ without a closing $$")
                    break
                _add(doc, scan, i + 2, j, display=True, outer=(i, j + 2))
                i = j + 2
                continue
            j = _closing_dollar(scan, i + 1)
            if j < 0:
                _bad(doc, scan, i, "unbalanced $ (no closing $ on this line or the next)")
                i += 1
                continue
            _add(doc, scan, i + 1, j, display=False, outer=(i, j + 1))
            i = j + 1
            continue
        i += 1
    return doc


def _closing_dollar(scan: str, k: int) -> int:
    """The closing ``$`` of inline math opened before ``k``: within two lines, not ``\\$``."""
    limit = k
    for _ in range(2):
        nl = scan.find("\n", limit)
        limit = len(scan) if nl < 0 else nl + 1
    j = k
    while j < limit:
        if scan[j] == "\\":
            j += 2
            continue
        if scan[j] == "$":
            return j
        j += 1
    return -1


def _add(doc: Document, scan: str, a: int, b: int, display: bool, outer: tuple[int, int]) -> None:
    body = doc.text[a:b]
    problem = None
    m = FORBIDDEN.search(scan[a:b])
    if m:
        problem = f"\\{m.group(1)} is not followed (symnn never reads other files or runs commands)"
    doc.pieces.append(Piece(text=body, start=a, line=doc.line_of(a + len(body) - len(body.lstrip())),
                            display=display, problem=problem, outer=outer))


def _bad(doc: Document, scan: str, i: int, why: str) -> None:
    line_end = scan.find("\n", i)
    line_end = len(scan) if line_end < 0 else line_end
    doc.pieces.append(Piece(text=doc.text[i:line_end], start=i, line=doc.line_of(i), display=False, problem=why,
                            outer=(i, line_end)))


def forbidden_in_prose(doc: Document) -> list[tuple[int, str]]:
    """``(line, command)`` for every ``\\input``/``\\write18``/... outside math (reported, not run)."""
    scan = _strip_comments(doc.text) if doc.kind == "tex" else doc.text
    return [(doc.line_of(m.start()), m.group(1)) for m in FORBIDDEN.finditer(scan)]


__all__ = ["Document", "Piece", "read_path", "read_text", "forbidden_in_prose", "MAX_BYTES"]
