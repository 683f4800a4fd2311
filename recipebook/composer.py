"""Compose stage of loading: YAML events → plain values, each with its source position.

libyaml (or PyYAML) parses; we compose the document from its events and build the values
ourselves, so that we can (1) keep every value's line and column, (2) report duplicate
keys, which PyYAML silently drops, (3) refuse non-standard tags, (4) bound the work a huge
file, an alias bomb or a deeply nested document can cause, and (5) read scalars the way an
author means them: ``title: yes`` and ``title: 0x10`` are text, not ``True`` and ``16``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import ComposerError

from .findings import Finding, SourcePos

if TYPE_CHECKING:
    from .loader import Document

MAX_NODES = 50_000  # values read from one file, aliases counted each time they are used
MAX_DEPTH = 40
MAX_DUPLICATES = 20  # duplicate-key findings reported per file
DEEP_HINT = "a recipe needs only a few levels: keys, lists and short mappings"

YamlPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
_PLAIN = "!plain"  # a plain (unquoted, untagged) scalar: its type is read from its text
_SCALAR_TAGS = {_PLAIN, _STR, *(_TAG + t for t in ("int", "float", "bool", "null", "timestamp"))}
#: Characters YAML does not allow in a file (PyYAML's list): controls other than tab/newline.
NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_TAG_HINT = (
    "recipe files hold plain text, numbers, lists and mappings: remove the '!' tag, or put "
    "a text that starts with '!' in quotes"
)


class Refused(Exception):
    """The document is valid YAML but not one we build: too big, too deep, a foreign tag."""

    def __init__(self, message: str, mark: yaml.Mark | None, hint: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.hint = hint


class Lines:
    """Turns parser marks into 1-based lines and columns as editors count them.

    YAML also ends a line at U+0085, U+2028 and U+2029, which editors show inside a line;
    when the text has one, positions are counted again from the character index.
    """

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.starts: list[int] | None = None
        if re.search("[\x85\u2028\u2029]", text):
            self.starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]

    def pos(self, mark: yaml.Mark) -> SourcePos:
        if self.starts is None:
            return SourcePos(self.file, mark.line + 1, mark.column + 1)
        line = bisect.bisect_right(self.starts, mark.index)
        return SourcePos(self.file, line, mark.index - self.starts[line - 1] + 1)


class Composer:
    """PyYAML's composer over the parser's events, with a budget and our scalar reading."""

    def __init__(self, events: Iterator[yaml.Event]) -> None:
        self.events = events
        self.anchors: dict[str, yaml.Node] = {}
        self.count = 0
        self.saw_alias = False

    def compose(self) -> yaml.Node | None:
        next(self.events)  # StreamStartEvent
        event = next(self.events)
        if isinstance(event, yaml.StreamEndEvent):
            return None
        document_start = event.start_mark  # DocumentStartEvent
        node = self._node(next(self.events), 0)
        next(self.events)  # DocumentEndEvent
        event = next(self.events)
        if not isinstance(event, yaml.StreamEndEvent):
            raise ComposerError(
                "expected a single document in the stream",
                document_start,
                "but found another document",
                event.start_mark,
            )
        return node

    def _node(self, event: yaml.Event, depth: int) -> yaml.Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise Refused(
                f"the file holds far too many values to be a recipe (over {MAX_NODES:,})",
                event.start_mark,
                "a recipe has at most a few hundred values; is this really a recipe?",
            )
        if depth > MAX_DEPTH:
            raise Refused(
                "the file is nested far too deeply to be a recipe", event.start_mark, DEEP_HINT
            )
        if isinstance(event, yaml.AliasEvent):
            self.saw_alias = True
            anchored = self.anchors.get(event.anchor)
            if anchored is None:
                raise ComposerError(
                    None, None, f"found undefined alias '{event.anchor}'", event.start_mark
                )
            return anchored
        node: yaml.Node
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = _PLAIN if event.implicit[0] and tag is None else _STR
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        elif isinstance(event, yaml.SequenceStartEvent):
            node = yaml.SequenceNode(_collection_tag(event.tag, _SEQ), [], event.start_mark, None)
            self._anchor(event, node)
            while not isinstance(following := next(self.events), yaml.SequenceEndEvent):
                node.value.append(self._node(following, depth + 1))
            node.end_mark = following.end_mark
        else:
            assert isinstance(event, yaml.MappingStartEvent)
            node = yaml.MappingNode(_collection_tag(event.tag, _MAP), [], event.start_mark, None)
            self._anchor(event, node)
            while not isinstance(following := next(self.events), yaml.MappingEndEvent):
                key = self._node(following, depth + 1)
                node.value.append((key, self._node(next(self.events), depth + 1)))
            node.end_mark = following.end_mark
        self._anchor(event, node)
        return node

    def _anchor(self, event: yaml.NodeEvent, node: yaml.Node) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = node


def _collection_tag(tag: str | None, default: str) -> str:
    return default if tag is None or tag == "!" else tag


# YAML 1.2's core schema, stricter still: what reads as a number must look like one a
# person writes. Everything else (yes, no, on, 0x10, 010, 1_000, 12:30, .inf, 1.50) is text,
# exactly as authored; the schema turns text into booleans and numbers where it wants them.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True}
_BOOLS |= {"false": False, "False": False, "FALSE": False}
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,29})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}")
_BOOL_WORDS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def plain_value(text: str) -> Any:
    """The value of a plain (unquoted) scalar: None, a bool, an int, a float, or the text."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text) and repr(float(text)) == text:
        return float(text)
    return text


class Builder:
    """Builds plain values from nodes, with a budget against alias bombs and deep nesting."""

    def __init__(self, doc: Document, lines: Lines, aliases: bool) -> None:
        self.doc = doc
        self.lines = lines
        self.count = 0
        self.aliases = aliases
        self.duplicates = 0

    def build(self, node: yaml.Node, path: YamlPath, depth: int) -> Any:
        self._spend(node, depth)
        self.doc.values[path] = self.lines.pos(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _SEQ)
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        result: dict[str, Any] = {}
        self._fill(node, path, depth, result, merging=False)
        return result

    def _spend(self, node: yaml.Node, depth: int) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise Refused(
                "the file expands to too many values (an alias '*' used over and over?)"
                if self.aliases
                else f"the file holds far too many values to be a recipe (over {MAX_NODES:,})",
                node.start_mark,
                "a recipe has at most a few hundred values; remove the anchors and aliases"
                if self.aliases
                else "a recipe has at most a few hundred values; is this really a recipe?",
            )
        if depth > MAX_DEPTH:
            raise Refused(
                "the file is nested far too deeply to be a recipe", node.start_mark, DEEP_HINT
            )

    def _fill(
        self,
        node: yaml.MappingNode,
        path: YamlPath,
        depth: int,
        result: dict[str, Any],
        merging: bool,
    ) -> None:
        """Add the keys of ``node`` to ``result``; a merged mapping (``<<: *base``) adds
        only the keys that ``result`` does not have yet."""
        self._check_tag(node, _MAP)
        own: dict[str, SourcePos] = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            self._spend(key_node, depth + 1)
            key = self._key(key_node)
            if key is None:
                merges.append(value_node)
                continue
            key_pos = self.lines.pos(key_node.start_mark)
            if key in own:
                self._duplicate(key, key_pos, own[key], (*path, key))
                continue
            own[key] = key_pos
            if merging and key in result:
                continue
            self.doc.keys[(*path, key)] = key_pos
            result[key] = self.build(value_node, (*path, key), depth + 1)
        for merge in merges:
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise Refused(
                        "'<<' (merge) must be followed by a mapping or an alias of one",
                        source.start_mark,
                        "write `<<: *name` where `&name` marks a mapping",
                    )
                self._fill(source, path, depth + 1, result, merging=True)

    def _key(self, node: yaml.Node) -> str | None:
        """A key as written (``12``, ``yes`` and ``~`` stay text); None for a merge ``<<``."""
        if not isinstance(node, yaml.ScalarNode):
            raise Refused(
                "a key must be plain text, not a list or mapping",
                node.start_mark,
                "write keys as `name: value`",
            )
        if node.tag == _PLAIN and node.value == "<<":
            return None
        self._check_scalar_tag(node)
        return node.value

    def _duplicate(self, key: str, pos: SourcePos, first: SourcePos, path: YamlPath) -> None:
        self.duplicates += 1
        if self.duplicates > MAX_DUPLICATES:
            return
        self.doc.findings.append(
            Finding.at(
                pos,
                "SCHEMA",
                f"duplicate key '{_short(key)}' (first at line {first.line}); "
                "YAML would silently keep only the last one",
                field=field_name(path),
                hint=f"merge the two '{_short(key)}' entries into one",
            )
        )

    def _control_character(self, node: yaml.ScalarNode, text: str) -> None:
        """A ``"\\0"`` or ``"\\x07"`` escape: invisible, and no font can print it."""
        char = NOT_PRINTABLE.search(text)
        assert char is not None
        self.doc.findings.append(
            Finding.at(
                self.lines.pos(node.start_mark),
                "YAML",
                f"the text contains an invisible control character (U+{ord(char.group()):04X})",
                hint="remove the escape (a backslash sequence such as \\0 or \\x07)",
            )
        )

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag == expected:
            return
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        message = f"the YAML tag '{node.tag}' is not allowed"
        if node.tag in (*_SCALAR_TAGS, _SEQ, _MAP):
            message = f"the YAML tag '{_short_tag(node.tag)}' cannot be put on {what}"
        raise Refused(message, node.start_mark, _TAG_HINT)

    def _check_scalar_tag(self, node: yaml.ScalarNode) -> None:
        if node.tag not in _SCALAR_TAGS:
            raise Refused(f"the YAML tag '{node.tag}' is not allowed", node.start_mark, _TAG_HINT)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        self._check_scalar_tag(node)
        tag, text = node.tag, node.value
        if tag in (_PLAIN, _STR) and NOT_PRINTABLE.search(text):
            self._control_character(node, text)
        if tag == _PLAIN:
            return plain_value(text)
        if tag in (_STR, _TAG + "timestamp"):
            return text  # dates stay text ("edition: 2026-05-01")
        if tag == _TAG + "null":
            return None
        value = _tagged(tag, text.strip())
        if value is None:
            raise Refused(
                f"'{text[:40]}' cannot be read as {_short_tag(tag)}",
                node.start_mark,
                f"remove the '{_short_tag(tag)}' tag, or write a value that fits it",
            )
        return value


def _tagged(tag: str, text: str) -> bool | int | float | str | None:
    """The value of an explicitly tagged scalar (``!!int 12``), or None if it does not fit."""
    if tag == _TAG + "bool":
        return _BOOL_WORDS.get(text.lower())
    if tag == _TAG + "int":
        return int(text) if re.fullmatch(r"[-+]?[0-9]{1,30}", text) else None
    if tag == _TAG + "float" and re.fullmatch(
        r"[-+]?(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})", text
    ):
        return float(text)
    return None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:int`` → ``!!int``."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def field_name(path: YamlPath) -> str:
    """``("ingredients", 3, "amount")`` → ``ingredients[3].amount``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
