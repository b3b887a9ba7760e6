"""The docs' examples run: every ```python block of the researcher-facing Markdown files is
executed against small real outputs, and every ``dxsim`` command line in their shell blocks
parses (and, for ``run`` and ``batch``, its file and ``--set`` values validate).

A renamed column, a removed function or a wrong path in a doc example fails here, with the
test named after the file and line of the block (``docs/batch.md:L381``).

How a block is run:

- Paths are rewritten to small real outputs, made once per module (and shared between the
  xdist workers of one session): ``results/<name>`` to a fresh copy of the output that
  ``OUTPUTS`` makes for ``<name>``; ``scenarios/`` and ``experiments/`` to cut-down copies
  (every scenario ``extends`` the shipped one with ``run.scale`` 40; every experiment adds
  ``run.years=1`` and ``run.scale=40`` to its ``set`` and runs one replicate). A block that
  names a ``results/`` folder no fixture makes fails and says so.
- Each block runs in a fresh namespace, as a script (``__name__ == "__main__"``), with the
  working directory an empty temporary folder, so a path that is not rewritten fails.
- A block that cannot run by nature carries, on the line before it,
  ``<!-- example: not run (reason) -->``: it is compiled (a syntax error still fails) and
  skipped with that reason. No other block is skipped.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import shlex
import shutil
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from sim.cli.args import parser
from sim.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = [
    ROOT / "README.md",
    ROOT / "docs" / "batch.md",
    ROOT / "docs" / "outputs.md",
    ROOT / "docs" / "reports.md",
    ROOT / "docs" / "dashboard.md",
    *sorted((ROOT / "docs" / "scenarios").glob("*.md")),
]
SCALE = 40  # persons per simulated person in every cut-down scenario


@dataclass(frozen=True)
class Block:
    doc: str  # relative to ROOT, e.g. docs/batch.md
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    not_run: str | None  # the reason given by <!-- example: not run (reason) -->

    @property
    def id(self) -> str:
        return f"{self.doc}:L{self.line}"


FENCE = re.compile(r"^(`{3,})\s*([\w+-]*)")
MARKER = re.compile(r"^<!--\s*example:(.*?)-->\s*$")
NOT_RUN = re.compile(r"^\s*not run\s*\((.*\S.*)\)\s*$")


def blocks(text: str, doc: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, with the marker on the line before each."""
    found, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, lang, start = opening.group(1), opening.group(2).lower(), i
        end = start + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        before = next((s.strip() for s in reversed(lines[:start]) if s.strip()), "")
        not_run = None
        marker = MARKER.match(before)
        if marker:
            reason = NOT_RUN.match(marker.group(1))
            if reason is None:
                raise ValueError(
                    f"{doc}:L{start + 1}: {before!r}: the only marker is "
                    "'<!-- example: not run (reason) -->', and it needs a reason"
                )
            not_run = reason.group(1).strip()
        found.append(Block(doc, start + 1, lang, "\n".join(lines[start + 1 : end]), not_run))
        i = end + 1
    return found


def _all_blocks() -> list[Block]:
    return [
        b
        for d in DOCS
        for b in blocks(d.read_text(encoding="utf-8"), d.relative_to(ROOT).as_posix())
    ]


PYTHON = [b for b in _all_blocks() if b.lang == "python"]


# --- small real outputs, made once and shared by the xdist workers of a session ----------


def _shared_root(factory: pytest.TempPathFactory) -> Path:
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # every worker's basetemp has the same parent
        base = base.parent
    root = base / "doc_examples"
    root.mkdir(exist_ok=True)
    return root


def _once(root: Path, name: str, make) -> Path:
    """``root/name``, made by ``make(path)`` by the first process that asks for it."""
    target = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / f"{name}.done").exists():
            shutil.rmtree(target, ignore_errors=True)
            make(target)
            (root / f"{name}.done").touch()
    return target


def _cut_down(tree: Path) -> None:
    """``tree/scenarios`` and ``tree/experiments``: the shipped files, small and quick."""
    for real in sorted((ROOT / "scenarios").rglob("*.yaml")):
        small = tree / "scenarios" / real.relative_to(ROOT / "scenarios")
        small.parent.mkdir(parents=True, exist_ok=True)
        small.write_text(f"extends: {real}\nrun:\n  scale: {SCALE}\n")
    (tree / "experiments").mkdir(parents=True)
    for real in sorted((ROOT / "experiments").glob("*.yaml")):
        data = yaml.safe_load(real.read_text(encoding="utf-8"))
        data["set"] = [*data.get("set", []), "run.years=1", f"run.scale={SCALE}"]
        data["replicates"] = 1  # scenario paths stay relative: they find the small scenarios
        (tree / "experiments" / real.name).write_text(yaml.safe_dump(data, sort_keys=False))


def _dxsim(*argv: object) -> None:
    code = main([str(a) for a in argv])
    assert code == 0, f"dxsim {' '.join(map(str, argv))}: exit status {code}"


def _run(scenario: str, years: int):
    def make(out: Path, tree: Path) -> None:
        _dxsim("run", tree / "scenarios" / scenario, "--years", years, "--out", out, "--quiet")

    return make


def _batch(experiment: str, replicates: int):
    def make(out: Path, tree: Path) -> None:
        exp = tree / "experiments" / experiment
        _dxsim("batch", exp, "--replicates", replicates, "--out", out, "--quiet")

    return make


#: What the docs' ``results/<name>`` folders hold here: the command that makes each, cut down.
OUTPUTS = {
    "kamishihoro": _run("kamishihoro.yaml", years=2),
    "tokachi": _run("tokachi.yaml", years=1),
    "centralization_standard_mandate": _run("centralization/standard_mandate.yaml", years=1),
    "centralization": _batch("centralization.yaml", replicates=2),
    "investment_loops": _batch("investment_loops.yaml", replicates=2),
}


class Outputs:
    """The cut-down input tree and the outputs of ``OUTPUTS``, each made when first asked."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tree = _once(root, "inputs", _cut_down)

    def get(self, name: str) -> Path:
        return _once(self.root, f"results_{name}", lambda out: OUTPUTS[name](out, self.tree))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return Outputs(_shared_root(tmp_path_factory))


RESULTS = re.compile(r"(?<![\w./-])results/([\w.-]+)")
INPUTS = re.compile(r"(?<![\w./-])(scenarios|experiments)/")


def rewrite(code: str, outputs: Outputs, scratch: Path, where: str) -> str:
    """``code`` with ``results/<name>`` pointing at a fresh copy of that output, and
    ``scenarios/`` and ``experiments/`` at the cut-down inputs."""

    def result(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in OUTPUTS:
            pytest.fail(
                f"{where} names results/{name}, which no fixture makes; "
                f"add it to OUTPUTS in {Path(__file__).name} (known: {', '.join(OUTPUTS)})"
            )
        copy = scratch / "results" / name
        if not copy.exists():  # a copy: a block that writes there changes no other test's
            shutil.copytree(outputs.get(name), copy)
        return copy.as_posix()

    code = RESULTS.sub(result, code)
    return INPUTS.sub(lambda m: f"{(outputs.tree / m.group(1)).as_posix()}/", code)


# --- the Python blocks ---------------------------------------------------------------------


@pytest.mark.parametrize("block", PYTHON, ids=[b.id for b in PYTHON])
def test_python_example_runs(block, outputs, tmp_path, monkeypatch, capsys):
    def compiled(code: str):  # padded: a traceback names the doc's own line and shows it
        return compile("\n" * block.line + code, str(ROOT / block.doc), "exec")

    compiled(block.code)  # a syntax error fails, even in a block that is not run
    if block.not_run is not None:
        pytest.skip(f"{block.id}: marked in the doc as not run ({block.not_run})")
    code = compiled(rewrite(block.code, outputs, tmp_path, block.id))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    failure = None
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")
            exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
    except Exception as exc:  # from the doc's line on, as Python prints it
        failure = "".join(traceback.format_exception(exc.with_traceback(exc.__traceback__.tb_next)))
    finally:
        plt.close("all")
    if failure:
        pytest.fail(f"{block.id}: the example fails\n{failure}", pytrace=False)
    printed = capsys.readouterr().out
    # a table printed empty means the example's filter or column found nothing
    assert "Empty DataFrame" not in printed and "Series([]" not in printed, printed


def test_every_doc_has_its_examples_found():
    """The extractor finds the blocks (a broken fence pattern would pass every test above)."""
    assert len(PYTHON) >= 8
    assert {b.doc for b in PYTHON} >= {"README.md", "docs/batch.md", "docs/outputs.md"}


def test_a_skip_marker_must_give_its_reason():
    text = "a\n<!-- example: not run (needs a dask cluster) -->\n```python\nx = 1\n```\n"
    (block,) = blocks(text, "x.md")
    assert block.not_run == "needs a dask cluster" and block.line == 3
    for bad in (
        "<!-- example: not run -->",
        "<!-- example: not run () -->",
        "<!-- example: skip -->",
    ):
        with pytest.raises(ValueError, match="needs a reason"):
            blocks(f"{bad}\n```python\nx = 1\n```\n", "x.md")


# --- the dxsim command lines of the shell blocks -------------------------------------------


@dataclass(frozen=True)
class Command:
    doc: str
    line: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.doc}:L{self.line}"


def _commands() -> list[Command]:
    found = []
    for b in _all_blocks():
        if b.lang not in ("", "sh", "bash", "shell", "console"):
            continue
        for n, line in enumerate(b.code.splitlines(), start=b.line + 1):
            if re.match(r"dxsim [a-z]", line.strip()):
                found.append(Command(b.doc, n, line.strip()))
    return found


COMMANDS = _commands()
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*(\.\.\.|\.yaml)?$")


def _subparser(tokens: list[str]) -> tuple[argparse.ArgumentParser, list[str]]:
    """The (sub)parser of ``tokens``' command, and the tokens after the command's name."""
    current, rest = parser(), tokens
    while True:
        subs = [a for a in current._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs or not rest or rest[0] not in subs[0].choices:
            return current, rest
        current, rest = subs[0].choices[rest[0]], rest[1:]


def _options(sub: argparse.ArgumentParser) -> set[str]:
    return {o for a in sub._actions for o in a.option_strings}


@pytest.mark.parametrize("command", COMMANDS, ids=[c.id for c in COMMANDS])
def test_command_line_parses(command, monkeypatch, capsys):
    tokens = shlex.split(command.text, comments=True)[1:]
    sub, rest = _subparser(tokens)
    assert sub.prog != "dxsim", f"{command.id}: no dxsim command {tokens[0]!r}"
    if any("[" in t for t in tokens) or any(PLACEHOLDER.match(t) for t in rest):
        # a synopsis (dxsim run SCENARIO [--years N] ...): every option it names exists
        named = {t.strip("[]").rstrip(".") for t in rest if t.strip("[").startswith("--")}
        unknown = named - _options(sub)
        assert not unknown, f"{command.id}: {sub.prog} has no option {sorted(unknown)}"
        return
    try:
        args = parser().parse_args(tokens)
    except SystemExit:
        args = None
    said = capsys.readouterr().err.strip()
    if args is None:
        pytest.fail(f"{command.id}: {command.text!r} does not parse: {said}", pytrace=False)
    if args.command in ("run", "batch"):  # its file exists and its --set values are valid
        monkeypatch.chdir(ROOT)
        file = args.scenario if args.command == "run" else args.experiment
        code = main(["validate", file, *[x for s in args.set for x in ("--set", s)]])
        said = capsys.readouterr().err.strip()
        if code != 0:
            pytest.fail(f"{command.id}: {command.text!r} is refused: {said}", pytrace=False)


def test_shell_blocks_have_their_commands_found():
    assert len(COMMANDS) >= 20
    assert {c.doc for c in COMMANDS} >= {"README.md", "docs/batch.md"}
