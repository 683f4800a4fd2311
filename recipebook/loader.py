"""Load stage: read a YAML file safely into plain values, remembering where each value is.

The bytes must be UTF-8 (a BOM and CRLF are fine); the text is parsed by libyaml and
composed by :mod:`recipebook.composer`. Every problem — an encoding, a syntax error, a
file far too large or deep — becomes one located ``YAML`` finding, never a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError

from .composer import (
    DEEP_HINT,
    MAX_DEPTH,
    NOT_PRINTABLE,
    Builder,
    Composer,
    Lines,
    Refused,
    YamlPath,
    field_name,
)
from .findings import Finding, SourcePos

__all__ = ["Document", "YamlPath", "field_name", "invisible_characters", "load_yaml"]

MAX_FILE_BYTES = 1_000_000
#: Below this many characters a broken file is read again by pure-Python PyYAML, whose
#: messages are clearer (it names tabs); above it, libyaml's message is used as it is.
PURE_PYTHON_LIMIT = 50_000


@dataclass
class Document:
    """One loaded file: its data (None when it could not be read) and where each value is."""

    path: Path
    file: str  # relative to the project, for findings
    data: Any = None
    values: dict[YamlPath, SourcePos] = field(default_factory=dict)
    keys: dict[YamlPath, SourcePos] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    text: str = ""  # the source, for messages that quote a line

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)

    def pos(self, path: YamlPath) -> SourcePos:
        """Where the value at ``path`` is; the nearest enclosing value if it is absent."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, SourcePos(self.file, 1, 1))

    def key_pos(self, path: YamlPath) -> SourcePos:
        return self.keys.get(path) or self.pos(path)

    def line(self, number: int | None) -> str:
        """The text of line ``number`` (1-based), as editors count lines; empty if none."""
        lines = re.split(r"\r\n|\r|\n", self.text)
        return lines[number - 1] if number and 0 < number <= len(lines) else ""


def load_yaml(path: Path, file: str) -> Document:
    """Read ``path`` into a :class:`Document`; every problem becomes a located finding."""
    doc = Document(path=path, file=file)
    text = _read_text(path, doc)
    if text is None or not text.strip():
        return doc  # unreadable (a finding says why) or empty
    doc.text = text
    deep = _flow_depth_exceeded(text)
    if deep is not None:
        doc.findings.append(
            Finding.at(
                text_pos(file, text, deep),
                "YAML",
                "the file is nested far too deeply to be a recipe",
                hint=DEEP_HINT,
            )
        )
        return doc
    error = _compose(doc, text, fast=_FAST_LOADER is not None)
    if error is not None and _FAST_LOADER is not None and len(text) <= PURE_PYTHON_LIMIT:
        # pure-Python PyYAML words errors more clearly (it names tabs), and reads a few
        # files libyaml refuses (a stray byte-order mark inside the text)
        error = _compose(doc, text, fast=False)
    if error is not None:
        doc.findings.append(_yaml_error(Lines(file, text), error, text))
    return doc


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(doc: Document, text: str, *, fast: bool) -> yaml.MarkedYAMLError | None:
    """Compose and build ``text`` into ``doc``; the parser's error, if it had one."""
    events = yaml.parse(text, Loader=_FAST_LOADER if fast else yaml.SafeLoader)
    composer, lines = Composer(events), Lines(doc.file, text)
    try:
        node = composer.compose()
    except Refused as exc:
        doc.findings.append(_refused(lines, exc))
        return None
    except yaml.reader.ReaderError:
        doc.findings.append(_control_character(doc.file, text))
        return None
    except ComposerError as exc:  # ours: an undefined alias, a second document
        doc.findings.append(_yaml_error(lines, exc, text))
        return None
    except yaml.MarkedYAMLError as exc:  # the scanner's or the parser's
        return exc
    except yaml.YAMLError as exc:  # pragma: no cover - the parsers' errors are all marked
        doc.findings.append(Finding.at(SourcePos(doc.file, 1, 1), "YAML", f"not valid YAML: {exc}"))
        return None
    if node is not None:
        try:
            doc.data = Builder(doc, lines, composer.saw_alias).build(node, (), 0)
        except Refused as exc:
            doc.findings.append(_refused(lines, exc))
            doc.data = None
    return None


def _refused(lines: Lines, exc: Refused) -> Finding:
    pos = lines.pos(exc.mark) if exc.mark else SourcePos(lines.file, 1, 1)
    return Finding.at(pos, "YAML", str(exc), hint=exc.hint)


def _read_text(path: Path, doc: Document) -> str | None:
    start = SourcePos(doc.file, 1, 1)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            doc.findings.append(
                Finding.at(
                    start,
                    "YAML",
                    f"the file is {size / 1_000_000:.1f} MB; a recipe file may be at most "
                    f"{MAX_FILE_BYTES // 1_000_000} MB",
                    hint="is this really a recipe? Move other files out of recipes/",
                )
            )
            return None
        raw = path.read_bytes()[: MAX_FILE_BYTES + 1]
    except OSError as exc:
        doc.findings.append(
            Finding.at(start, "YAML", f"cannot read the file: {exc.strerror or exc}")
        )
        return None
    wide = _wide_encoding(raw)
    if wide:
        doc.findings.append(
            Finding.at(
                start,
                "YAML",
                f"the file is {wide}, not UTF-8",
                hint="save it as UTF-8 (in most editors: Save As → Encoding → UTF-8)",
            )
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        doc.findings.append(
            Finding.at(
                _byte_pos(doc.file, raw, nul),
                "YAML",
                "the file contains a NUL byte: it is binary, not a text file",
                hint="recipe files are plain text saved as UTF-8",
            )
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        doc.findings.append(
            Finding.at(
                _byte_pos(doc.file, raw, exc.start),
                "YAML",
                f"the file is not UTF-8 (byte 0x{raw[exc.start]:02X} cannot be read)",
                hint="save it as UTF-8 (in most editors: Save As → Encoding → UTF-8)",
            )
        )
        return None


def _wide_encoding(raw: bytes) -> str | None:
    """``UTF-16`` or ``UTF-32`` when ``raw`` looks saved so (with or without a BOM)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:400]
    if len(head) < 4 or b"\x00" not in head:
        return None
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        units = [head[i : i + width] for i in range(0, len(head) - width + 1, width)]
        for zero in (slice(1, width), slice(0, width - 1)):  # little- and big-endian
            mostly_ascii = sum(1 for u in units if not u[zero].strip(b"\x00") and any(u))
            if mostly_ascii >= 0.9 * len(units):
                return name
    return None


def _flow_depth_exceeded(text: str) -> int | None:
    """The offset where ``[``/``{`` nesting first passes MAX_DEPTH, if it does.

    Thousands of nested brackets would make the parser work hard for nothing; a linear
    scan refuses them first.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return match.start()
    return None


def text_pos(file: str, text: str, index: int) -> SourcePos:
    """The line and column (1-based, in characters) of ``text[index]``, as YAML counts lines."""
    lines = re.split(r"\r\n|\r|\n", text[:index])
    return SourcePos(file, len(lines), len(lines[-1]) + 1)


def _byte_pos(file: str, raw: bytes, offset: int) -> SourcePos:
    return text_pos(file, raw[:offset].decode("utf-8", errors="replace"), offset)


def _control_character(file: str, text: str) -> Finding:
    match = NOT_PRINTABLE.search(text)
    index = match.start() if match else 0
    code = f"U+{ord(text[index]):04X}" if match else "?"
    return Finding.at(
        text_pos(file, text, index),
        "YAML",
        f"the file contains an invisible control character ({code})",
        hint="delete it (it often comes with text copied from another program)",
    )


def _yaml_error(lines: Lines, exc: yaml.MarkedYAMLError, text: str) -> Finding:
    """The parser's error in words an author can act on, placed where the fix goes."""
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    opened = exc.context_mark  # where the key, quote or bracket that went wrong starts
    hint = None
    if "'\\t'" in problem or "\\t" in problem or (mark and _tab_before(text, lines.pos(mark))):
        problem = "a tab character is used for indentation"
        hint = "indent with spaces only (most editors have a 'convert tabs to spaces' setting)"
    elif "mapping values are not allowed" in problem:
        problem = "mapping values are not allowed here"
        hint = (
            "a value containing ': ' must be quoted, e.g. title: \"Rose: a soak\"; if this "
            "line is a key of its own, start it in the same column as the keys above"
        )
    elif "another document" in problem or "single document" in context:
        problem = "the file holds more than one YAML document (a second '---')"
        hint = "put one recipe in each file"
    elif "found undefined alias" in problem:
        hint = "'*' starts an alias in YAML; quote the text if you meant a star"
    elif "could not find expected ':'" in problem and opened:
        mark, problem = opened, "this line has no ':' after its key"
        hint = "write `key: value` (a colon, then a space); a list item starts with '- '"
        if ":" in _line_at(text, lines.pos(opened))[1024:]:
            problem = "this key is too long: a key may be at most 1024 characters"
            hint = "shorten the key (or put a long text after the ':', as its value)"
    elif "quoted scalar" in context and opened:
        mark, problem = opened, "the quote that starts here is never closed"
        hint = "end the text with the quote mark it starts with; inside '…' write '' for '"
    elif context.startswith("while parsing a flow") and opened and mark.line != opened.line:
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        mark, problem = opened, f"the '{bracket}' that starts here is never closed"
        hint = f"close it with '{closing}' on the same line, or put the whole text in quotes"
    elif (
        "cannot start any token" in problem
        or "mapping keys are not allowed" in problem
        or context.startswith(("while scanning an a", "while scanning a block scalar"))
        or "but found '<scalar>'" in problem
    ):
        hint = _QUOTE_IT
    elif context:
        hint = f"YAML said: {context}"
    pos = lines.pos(mark) if mark else SourcePos(lines.file, 1, 1)
    return Finding.at(pos, "YAML", f"not valid YAML: {problem}", hint=hint)


_QUOTE_IT = (
    "in YAML a value that starts with @ ` % * & ! ? > | [ { or a quote means something "
    'special; put the whole text in double quotes, e.g. title: "@home: Rose Scrub"'
)


def _line_at(text: str, pos: SourcePos) -> str:
    lines = re.split(r"\r\n|\r|\n", text)
    return lines[pos.line - 1] if pos.line and pos.line <= len(lines) else ""


def _tab_before(text: str, pos: SourcePos) -> bool:
    """Whether the line of ``pos`` is indented with a tab up to it (libyaml's messages do
    not say so)."""
    prefix = _line_at(text, pos)[: pos.column or 0]
    return "\t" in prefix and not prefix.replace("\t", " ").strip(" -")


def invisible_characters(text: str) -> list[str]:
    """``U+FEFF``-style names of the invisible characters in ``text`` (BOMs, zero widths)."""
    return [
        f"U+{ord(c):04X}"
        for c in text
        if unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp") or (c.isspace() and c != " ")
    ]
