"""One mistake in scenario input as a record, and the one place it is put into words.

Every check of dxsim's input (the YAML reader, the schema, ``--set``, the layers above that
check their own options) builds :class:`Problem` records and raises them together as a
:class:`ScenarioError`; :func:`render` turns a record into the line a planner reads,
``FILE:LINE: field.path: got GIVEN, expected EXPECTED; HINT``. Tests read the records' fields;
``tests/golden/scenario_messages.txt`` holds the words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Loc",
    "Origin",
    "Problem",
    "ScenarioError",
    "ScenarioNote",
    "locate",
    "path_text",
    "render",
    "where_in_file",
]

#: Where a value came from: (file as shown or an option such as "--set", line from 1 or 0 for
#: none, the scalar's text as written or None).
Origin = tuple[str, int, str | None]
#: A location in the scenario's data: the keys (list indexes as text) from the top.
Loc = tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    """One mistake: where it is, what was given, what was expected and what to write.

    ``message`` says what is wrong when that is not "got X, expected Y" (``unknown key
    'tfrr'``, ``key given twice``); ``reading`` is how a slip of keyboard or calendar was read
    (said right after what was given); ``detail`` is a check's own words, in brackets. A
    problem made from a plain sentence has only ``message``.
    """

    message: str = ""
    file: str | None = None
    line: int | None = None
    path: str = ""
    given: str | None = None
    expected: str | None = None
    hint: str = ""
    reading: str = ""
    detail: str = ""


def _body(p: Problem) -> str:
    """What is wrong, in the order a planner reads it: given, expected, then what to write."""
    text = "" if p.given is None else f"got {p.given}"
    if p.reading:
        text += f", {p.reading}"
    if p.message:
        text = f"{text}: {p.message}" if text else p.message
    if p.expected:
        joint = ", " if text and p.given is not None and not (p.message or p.reading) else "; "
        text = f"{text}{joint}expected {p.expected}" if text else f"expected {p.expected}"
    if p.detail:
        text += f" [{p.detail}]"
    if p.hint:
        text = f"{text}; {p.hint}" if text else p.hint
    return text


def render(p: Problem) -> str:
    """The line a planner reads: ``FILE:LINE: path: what is wrong`` (each part if known)."""
    where = "" if p.file is None else p.file if not p.line else f"{p.file}:{p.line}"
    head = ": ".join(part for part in (where, p.path) if part)
    return f"{head}: {_body(p)}" if head else _body(p)


class ScenarioError(Exception):
    """One or more problems in dxsim's input, raised before anything runs.

    ``records`` are the :class:`Problem` records; ``problems`` their rendered lines and
    ``str()`` those lines joined, which ``dxsim`` prints. A plain string is taken as a problem
    that is only a message (as the command line and the layers above raise them).
    """

    def __init__(self, problems: Iterable[Problem | str]) -> None:
        self.records = [p if isinstance(p, Problem) else Problem(message=p) for p in problems]
        self.problems = [render(p) for p in self.records]
        super().__init__("\n".join(self.problems))


class ScenarioNote(UserWarning):
    """A scenario entry that does nothing in this run (e.g. a program after its last year), or
    that looks like a slip; ``dxsim`` prints it as ``dxsim: note: ...``. ``record`` is its
    :class:`Problem`. Silent unless a caller asks for it (``warnings.simplefilter("always",
    ScenarioNote)``), so batch workers and the dashboard, which load scenarios many times,
    print nothing."""

    def __init__(self, record: Problem | str) -> None:
        self.record = record if isinstance(record, Problem) else Problem(message=record)
        super().__init__(render(self.record))


def locate(loc: Loc, origins: dict[Loc, Origin], source: str) -> tuple[str, int | None]:
    """The file (or option) and line of ``loc``, or of the nearest block around it."""
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in origins:
            file, line = origins[loc[:cut]][:2]
            return file, line or None
    return source, None


def where_in_file(loc: Loc, origins: dict[Loc, Origin], source: str) -> str:
    """``FILE:LINE`` of ``loc`` (``FILE`` alone without a line), for messages of other files."""
    file, line = locate(loc, origins, source)
    return file if not line else f"{file}:{line}"


def path_text(loc: Loc, data: Any = None) -> str:
    """The dotted path of ``loc`` as a planner counts: the entries of a list from 1, an entry
    of ``it.schedule`` with its fiscal year (``it.schedule entry 1 (fy 2023), to``,
    ``demography.fertility_schedule item 4``); plain dots where ``data`` has no list."""
    text, node, sep = "", data, "."
    for i, part in enumerate(loc):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            entry = node[int(part)]
            if isinstance(entry, dict):
                fy = entry.get("fy")
                year = isinstance(fy, int) and not isinstance(fy, bool) and loc[i + 1 :] != ("fy",)
                text += f" entry {int(part) + 1}" + (f" (fy {fy})" if year else "")
                sep = ", "
            else:
                text += f" item {int(part) + 1}"
            node = entry
            continue
        text += (sep if text else "") + part
        sep = "."
        node = node.get(part) if isinstance(node, dict) else None
    return text
