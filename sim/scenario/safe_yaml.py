"""The one YAML reader of dxsim's input files (scenarios, experiments, patterns, calibrations,
the dashboard's ``--scenario`` files): PyYAML's safe loader with limits.

A safe loader builds no Python objects, but it still expands aliases: seven nested levels of
nine ``*aliases`` (a "billion laughs" file of 200 bytes) stand for 9**7 values, which took
40 s and 3.5 GB to refuse. Here a file is refused before it is expanded when it is too large,
has too many aliases, or its aliases stand for too many values, or an alias is inside the
value it names; each with the line and what to do (:class:`YamlLimit`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import AliasEvent

__all__ = [
    "MAX_ALIASES",
    "MAX_FILE_BYTES",
    "MAX_VALUES",
    "MERGE",
    "Loader",
    "YamlLimit",
    "check_size",
    "compose",
]

# Why these values: the largest shipped input, scenarios/japan.yaml (all 1,740
# municipalities), is 285 KB and 31,361 values (keys, scalars, lists and mappings), read in
# 0.7 s; no shipped file uses an alias. The limits leave room for over ten times Japan and an
# alias per town, while the worst a file within them can cost (about 10 s and a few hundred
# MB for 4 MB of YAML) is far from exhausting a laptop; an alias bomb is refused as soon as
# its values pass the limit, in milliseconds, before anything is expanded.

#: Largest input file in bytes (4 MiB, 14 times scenarios/japan.yaml).
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Most alias uses (``*name``) in one file: more than one per municipality of Japan.
MAX_ALIASES = 2_000
#: Most values one file may stand for once its aliases are expanded (16 times japan.yaml).
MAX_VALUES = 500_000


#: The tag of a merge key (``<<: *x``).
MERGE = "tag:yaml.org,2002:merge"


class YamlLimit(Exception):
    """A file beyond one of the limits: ``line`` (1-based; 0 for the whole file) and
    ``message`` (what, which limit and what to do), for the caller to prefix with the file."""

    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(f"{line}: {message}")


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, reading numbers such as ``1e6`` as YAML 1.2 (and editors) do,
    and counting aliases and expanded values as it composes, before anything is expanded."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._open: list[str] = []  # anchors of the collections being composed
        self._values: dict[int, int] = {}  # id(node) -> values it stands for, when composed
        self._named: dict[int, list[str]] = {}  # id(collection) -> aliases used directly in it
        self._written: list[tuple[yaml.MappingNode, list]] = []  # before merge keys

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        """Compose a node as PyYAML does, refusing an alias beyond the limits."""
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            line = event.start_mark.line + 1
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YamlLimit(
                    line,
                    f"more than {MAX_ALIASES:,} aliases (*name): the limit for one file, "
                    "against files that blow up in memory; write the values out instead",
                )
            if event.anchor in self._open:
                raise YamlLimit(
                    line,
                    f"the alias *{event.anchor} is inside the value it names "
                    f"(&{event.anchor}); a value cannot contain itself",
                )
            if parent is not None:
                self._named.setdefault(id(parent), []).append(event.anchor)
            return super().compose_node(parent, index)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._open.append(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            if anchor is not None:
                self._open.pop()
        self._count(node)
        return node

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """Merge keys (``<<: *x``) as PyYAML does, remembering the node as written: a
        caller's walk over it then names each key's own line, and a key that overrides a
        merged one is not a key given twice."""
        self._written.append((node, node.value))
        super().flatten_mapping(node)

    def _count(self, node: yaml.Node) -> None:
        """Record how many values a just-composed node stands for (its children, aliased
        or not, are complete and counted), refusing one beyond ``MAX_VALUES``."""
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            self._values[id(node)] = 1
            return
        total = 1 + sum(self._values.get(id(child), 1) for child in children)
        self._values[id(node)] = total
        if total > MAX_VALUES:
            names = dict.fromkeys(self._named.get(id(node), []))
            used = f" ({', '.join('*' + a for a in list(names)[:3])})" if names else ""
            raise YamlLimit(
                node.start_mark.line + 1,
                f"the aliases{used} in this value stand for more than {MAX_VALUES:,} values "
                "once expanded: the limit for one file, against files that blow up in "
                "memory; write the values out, or use fewer nested aliases",
            )


# YAML 1.1 reads 1e6 and 1.5e6 as text (it wants a dot and a signed exponent); YAML 1.2,
# the yaml-language-server in editors and JSON read them as numbers.
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


def check_size(raw: bytes) -> None:
    """Refuse a file larger than ``MAX_FILE_BYTES`` before it is read as YAML."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlLimit(
            0,
            f"the file is {len(raw) / 2**20:.1f} MB, more than the limit of "
            f"{MAX_FILE_BYTES / 2**20:.0f} MB for a dxsim input file (the largest shipped "
            "scenario, all of Japan, is 0.3 MB); is it the right file?",
        )


def compose(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node as written (with the lines of its keys, merge keys ``<<`` kept)
    and its data; ``(None, None)`` for an empty document. Raises :class:`YamlLimit`, or
    ``yaml.YAMLError`` for bad YAML."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        for mapping, written in reversed(loader._written):  # the nodes as written
            mapping.value = written
    finally:
        loader.dispose()
    return node, data
