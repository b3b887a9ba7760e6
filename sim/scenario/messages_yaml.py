"""YAML syntax errors in plain words, at the line a planner must change.

PyYAML reports where it got stuck, which is often not where the mistake is: a key without its
colon is seen at the next key, a line indented one space too few or too many at the line
after it, an unclosed quote at the end of the file. ``yaml_problem`` finds the line of the
mistake and says what to write there, in the planner's own words where it can (``write
disclosure: 0.6``); the parser's own words are the last resort.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["yaml_problem"]

#: A plain key as planners write them: no spaces, colons, quotes or YAML indicators.
_KEY = r"[^\s:#'\"\[\]{},&*!|>%@`-][^\s:]*"
_TAB = "a tab; tabs cannot indent YAML, use spaces"


def _text(lines: list[str], n: int) -> str:
    """Line ``n`` (from 1) without its comment and trailing spaces ('' outside the file)."""
    text = lines[n - 1] if 0 < n <= len(lines) else ""
    return re.sub(r"(^|\s)#.*$", "", text).rstrip()


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _key_column(text: str) -> int:
    """Where the key of a line starts: after its indentation and any '- '."""
    m = re.match(r"[ ]*(?:-[ ]+)*", text)
    return m.end() if m else 0


def _content(lines: list[str], n: int, step: int) -> int | None:
    """The nearest line before (``step`` -1) or after (+1) line ``n`` that holds more than
    blanks and a comment."""
    n += step
    while 0 < n <= len(lines):
        if _text(lines, n).strip():
            return n
        n += step
    return None


def _short(text: str, width: int = 50) -> str:
    """``text`` cut in the middle, between words, to about ``width`` characters."""
    text = text.strip()
    if len(text) <= width:
        return text
    head, tail = text[: width - 15], text[-12:]
    head = head[: head.rfind(" ")] if " " in head else head
    tail = tail[tail.find(" ") + 1 :] if " " in tail[:-1] else tail
    return f"{head.rstrip()} ... {tail}"


def _q(text: str) -> str:
    """``text`` in quotes, or in backquotes when it holds a quote itself."""
    return f"`{text}`" if "'" in text else f"'{text}'"


def _colon_slip(text: str) -> str | None:
    """What to write for a key line whose colon is missing or has no space after it."""
    body = text.strip()
    dash = ""
    while body.startswith("- "):
        dash, body = dash + "- ", body[2:].lstrip()
    m = re.fullmatch(rf"({_KEY}):([^\s:/].*)", body)  # disclosure:0.6
    if m:
        return f"'{body}' needs a space after the colon; write {dash}{m.group(1)}: {m.group(2)}"
    m = re.fullmatch(rf"({_KEY})[ \t]+([^:]+)", body)  # disclosure 0.6
    if m:
        return f"'{body}' has no colon after the key; write {dash}{m.group(1)}: {m.group(2)}"
    if re.fullmatch(_KEY, body):  # disclosure
        return f"'{body}' has no colon; a key is written with a colon and its value: {body}: ..."
    return None


def _quoted(key: str, value: str) -> str:
    quote = "'" if '"' in value else '"'
    return f"{key}: {quote}{_short(value)}{quote}"


def _mapping_value(lines: list[str], line: int, column: int) -> tuple[int, str] | None:
    """'mapping values are not allowed here': a ': ' inside a text on this line, or a slip
    on the line above that made YAML read this line as more of that line's value."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    head = re.match(rf"(\s*(?:-\s+)*)({_KEY}):(\s+|$)", text)
    if head and head.end(2) < column:  # description: Plan A: text
        value = text[head.end() :].strip()
        before = text[head.end() : column].strip()
        return line, (
            f"the text after '{head.group(2)}:' contains ': ' (after '{_short(before, 30)}'), "
            "which YAML reads as another key; put the whole text in quotes: "
            f"{_quoted(head.group(2), value)}"
        )
    prev = _content(lines, line, -1)
    if prev is None:
        return None
    slip = _colon_slip(_text(lines, prev))
    if slip:
        return prev, slip
    above, here = _indent(_text(lines, prev)), _indent(_text(lines, line))
    if here > _key_column(_text(lines, prev)):
        after = _content(lines, line, +1)
        # the odd one out is the line whose neighbours agree with each other
        odd = prev if after is not None and _indent(_text(lines, after)) == here else line
        return odd, (
            f"line {prev} is indented {above} spaces and line {line} below it {here}, so YAML "
            f"reads line {line} as more of line {prev}'s value; keys of one block start in the "
            "same column (count the spaces)"
        )
    return None


def _block_end(lines: list[str], exc: Any) -> tuple[int, str] | None:
    """'expected <block end>, but found ...': a line that does not fit the block above it."""
    problem, context = str(exc.problem), str(exc.context or "")
    line = exc.problem_mark.line + 1
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    here = _text(lines, line)
    if "'?'" in problem and "collection" in context:  # a '- ' item, then a key at its column
        return opened, (
            f"line {opened} starts a list item ('{_short(_text(lines, opened))}') but line "
            f"{line} below it, at the same indentation, is a key ('{_short(here)}'): a block "
            "holds either keys or '- ' items, not both; leave out the '- ' (or start every "
            "entry with '- ')"
        )
    if "'-'" in problem or "<block sequence start>" in problem:
        return line, (
            "a list item (- ...) where keys were expected: leave out the '- ', or indent it "
            "under its key"
        )
    if "<block mapping start>" in problem:
        prev = _content(lines, line, -1) or line
        column = _key_column(_text(lines, prev))
        return line, (
            f"line {line} is indented {_indent(here)} spaces but the keys of line {prev} above "
            f"it start after {column}: keys of one block start in the same column (count the "
            "spaces)"
        )
    stray = re.search(r"found '([\]}])'", problem)
    if stray:
        opener = "[" if stray.group(1) == "]" else "{"
        return line, f"a '{stray.group(1)}' without its '{opener}' on this line: remove it"
    found = _long_quote(lines, line)
    if found is None and "<scalar>" in problem:
        return line, f"{_q(_short(here))} has no ': ' after its key; write key: value"
    return found


def _long_quote(lines: list[str], line: int) -> tuple[int, str] | None:
    """A quote opened on one line and closed only lines later (by the next quote): the
    likely cause of an error after it."""
    found = None
    try:
        for token in yaml.scan("\n".join(lines), Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 > line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                if token.end_mark.line > token.start_mark.line:
                    found = token
    except yaml.YAMLError:
        pass
    if found is None:
        return None
    start, end = found.start_mark.line + 1, found.end_mark.line + 1
    return start, (
        f"the quote ({found.style}) opened on this line closes only on line {end}; end the text "
        f"with {found.style} on this line"
    )


def _stray(problem: str, text: str) -> str | None:
    """A value that starts with a character YAML keeps for itself (%, @, `, *, &, !)."""
    m = re.search(r"found character '(.)' that cannot start any token", problem)
    char = m.group(1) if m else ("*" if "undefined alias" in problem else None)
    if char is None:
        return None
    head = re.match(rf"\s*(?:-\s+)*({_KEY}):\s+(.*)", text)
    example = _quoted(head.group(1), head.group(2)) if head else f"key: '{char}...'"
    return f"a text that starts with '{char}' must be in quotes: {example}"


def yaml_problem(lines: list[str], exc: Any) -> tuple[int, str]:
    """(line, plain message) for a YAML syntax error ``exc`` in the text ``lines``."""
    problem, context = str(exc.problem or exc), str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    if "'\\t'" in problem:
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        before = text[: exc.problem_mark.column].strip() if exc.problem_mark else ""
        if not before:
            return line, _TAB
        return line, f"a tab after '{_short(before, 30)}'; use a space (YAML takes no tabs)"
    if "quoted scalar" in context:
        text = _text(lines, opened)
        quote = text[exc.context_mark.column] if exc.context_mark.column < len(text) else '"'
        return opened, (
            f"a quote ({quote}) opened on this line is never closed; end the text with it: "
            f"{_short(text + quote)}"
        )
    if "flow sequence" in context or "flow mapping" in context:
        bracket, close = ("[", "]") if "sequence" in context else ("{", "}")
        text = _text(lines, opened)
        if close not in text[exc.context_mark.column :]:
            fix = "" if text[-1:] in "]}" else f": {_short(text + close)}"
            return (
                opened,
                f"a '{bracket}' opened on this line is never closed; end it with '{close}'{fix}",
            )
        return line, f"inside {bracket} {close} items are separated by commas, e.g. [a, b]"
    found = None
    if "simple key" in context:
        text = _text(lines, opened)
        found = (
            opened,
            _colon_slip(text) or f"{_q(_short(text))} has no ': ' after its key; write key: value",
        )
    elif "mapping values are not allowed" in problem:
        found = _mapping_value(lines, line, exc.problem_mark.column)
    elif "expected <block end>" in problem:
        found = _block_end(lines, exc)
    else:
        stray = _stray(problem, lines[line - 1] if 0 < line <= len(lines) else "")
        found = (line, stray) if stray else None
    if found:
        return found
    if "end of stream" in problem or "<stream end>" in problem:
        return opened, "the file ends inside something opened on this line (a quote or bracket)"
    return line, problem
