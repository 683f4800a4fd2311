"""Load stage: read a YAML file safely into plain values, remembering where each value is.

PyYAML's safe composer gives a node tree with positions; we build plain Python values from
it ourselves so that we can (1) keep every value's line and column, (2) report duplicate
keys, which PyYAML silently drops, (3) refuse non-standard tags, and (4) bound the work an
alias bomb or a deeply nested document can cause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .findings import Finding, SourcePos

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 100_000  # values built from one file, aliases counted each time they are used
MAX_DEPTH = 40

YamlPath = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


@dataclass
class Document:
    """One loaded file: its data (None when it could not be read) and where each value is."""

    path: Path
    file: str  # relative to the project, for findings
    data: Any = None
    values: dict[YamlPath, SourcePos] = field(default_factory=dict)
    keys: dict[YamlPath, SourcePos] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

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


class _TooBig(Exception):
    def __init__(self, message: str, mark: yaml.Mark | None, hint: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.hint = hint


def load_yaml(path: Path, file: str) -> Document:
    """Read ``path`` into a :class:`Document`; every problem becomes a located finding."""
    doc = Document(path=path, file=file)
    text = _read_text(path, doc)
    if text is None:
        return doc
    deep = _flow_depth_exceeded(text)
    if deep is not None:
        doc.findings.append(
            Finding.at(
                _offset_pos(file, text.encode(), len(text[:deep].encode())),
                "YAML",
                "the file is nested far too deeply to be a recipe",
                hint="a recipe needs only a few levels: keys, lists and short mappings",
            )
        )
        return doc
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        doc.findings.append(_yaml_error(doc.file, exc))
        return doc
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML errors are all marked
        doc.findings.append(Finding.at(SourcePos(file, 1, 1), "YAML", str(exc)))
        return doc
    except RecursionError:
        doc.findings.append(
            Finding.at(
                SourcePos(file, 1, 1),
                "YAML",
                "the file is nested far too deeply to be a recipe",
                hint="a recipe needs only a few levels: keys, lists and short mappings",
            )
        )
        return doc
    if node is None:
        return doc
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, (), 0)
    except _TooBig as exc:
        pos = _mark_pos(file, exc.mark) if exc.mark else SourcePos(file, 1, 1)
        doc.findings.append(Finding.at(pos, "YAML", str(exc), hint=exc.hint))
        doc.data = None
    return doc


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when it is there (about ten times faster, same positions); on
    any error compose again in pure Python, whose messages are clearer and name tabs."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


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
        raw = path.read_bytes()
    except OSError as exc:
        doc.findings.append(Finding.at(start, "YAML", f"cannot read the file: {exc.strerror}"))
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc.findings.append(
            Finding.at(
                start,
                "YAML",
                "the file is UTF-16, not UTF-8",
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
                _offset_pos(doc.file, raw, nul),
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
                _offset_pos(doc.file, raw, exc.start),
                "YAML",
                f"the file is not UTF-8 (byte 0x{raw[exc.start]:02X} cannot be read)",
                hint="save it as UTF-8 (in most editors: Save As → Encoding → UTF-8)",
            )
        )
        return None


def _flow_depth_exceeded(text: str) -> int | None:
    """The offset where ``[``/``{`` nesting first passes MAX_DEPTH, if it does.

    PyYAML composes recursively, so thousands of nested brackets would take seconds and then
    overflow the stack; a linear scan refuses them first.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return match.start()
    return None


def _offset_pos(file: str, raw: bytes, offset: int) -> SourcePos:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return SourcePos(file, line, column)


def _mark_pos(file: str, mark: yaml.Mark) -> SourcePos:
    return SourcePos(file, mark.line + 1, mark.column + 1)


def _yaml_error(file: str, exc: yaml.MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    pos = _mark_pos(file, mark) if mark else SourcePos(file, 1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    hint = None
    if "'\\t'" in problem or "\\t" in problem:
        problem = "a tab character is used for indentation"
        hint = "indent with spaces only (most editors have a 'convert tabs to spaces' setting)"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, e.g. title: \"Rose: a soak\""
    elif "another document" in problem or "single document" in (exc.context or ""):
        problem = "the file holds more than one YAML document (a second '---')"
        hint = "put one recipe in each file"
    elif "found undefined alias" in problem:
        hint = "'*' starts an alias in YAML; quote the text if you meant a star"
    elif exc.context:
        hint = f"YAML said: {exc.context.strip()}"
    return Finding.at(pos, "YAML", f"not valid YAML: {problem}", hint=hint)


class _Builder:
    """Builds plain values from nodes, with a budget against alias bombs and deep nesting."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: YamlPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(
                "the file expands to too many values (an alias '*' used over and over?)",
                node.start_mark,
                "a recipe has at most a few hundred values; remove the anchors and aliases",
            )
        if depth > MAX_DEPTH:
            raise _TooBig(
                "the file is nested far too deeply to be a recipe",
                node.start_mark,
                "a recipe needs only a few levels: keys, lists and short mappings",
            )
        self.doc.values[path] = _mark_pos(self.doc.file, node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _SEQ_TAG)
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        self._check_tag(node, _MAP_TAG)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            self.count += 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _TooBig(
                    "a key must be plain text, not a list or mapping",
                    key_node.start_mark,
                    "write keys as `name: value`",
                )
            key = self._scalar(key_node)
            key = key if isinstance(key, str) else str(key)
            key_pos = _mark_pos(self.doc.file, key_node.start_mark)
            if key in result:
                first = self.doc.keys[(*path, key)]
                self.doc.findings.append(
                    Finding.at(
                        key_pos,
                        "SCHEMA",
                        f"duplicate key '{key}' (first at line {first.line}); "
                        "YAML would silently keep only the last one",
                        field=_field_name((*path, key)),
                        hint=f"merge the two '{key}' entries into one",
                    )
                )
                continue
            self.doc.keys[(*path, key)] = key_pos
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise _TooBig(
                f"the YAML tag '{node.tag}' is not allowed",
                node.start_mark,
                "recipe files hold plain text, numbers, lists and mappings; remove the '!' tag",
            )

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise _TooBig(
                f"the YAML tag '{node.tag}' is not allowed",
                node.start_mark,
                "recipe files hold plain text, numbers, lists and mappings; remove the '!' tag",
            )
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text ("edition: 2026-05-01")
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) > 30:
            return node.value  # absurd integers stay text; the schema reports them
        return self.constructor.construct_object(node)


def _field_name(path: YamlPath) -> str:
    """``("ingredients", 3, "amount")`` → ``ingredients[3].amount``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


field_name = _field_name
