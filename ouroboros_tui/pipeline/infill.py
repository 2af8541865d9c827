"""Region infill for a masked-diffusion builder: when the plan (or the task) names exactly one
definition in a target file, mask that definition's body and let the model denoise it with the code
on both sides fixed. The result becomes an ordinary Edit (SEARCH = the old body), so it goes
through the same application, gate, retry and record as SEARCH/REPLACE answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ouroboros_tui.models.base import Message
from ouroboros_tui.patch.edits import Edit
from ouroboros_tui.pipeline.compressor import IDENT_RE
from ouroboros_tui.provenance.artifact import PlanStep
from ouroboros_tui.source.files import read_current
from ouroboros_tui.source.tags import FileTags

INFILL_SYSTEM = """You rewrite the body of one definition so that it does what the task asks.
The code before and after it is fixed. Write only code, in the file's language and indentation."""


@dataclass(frozen=True)
class Region:
    path: str
    symbol: str
    start: int  # 0-based index of the body's first line
    end: int  # exclusive
    before: str  # file text before the body
    body: str  # the body being rewritten
    after: str  # file text after the body

    def edit(self, new_body: str) -> Edit:
        if new_body and not new_body.endswith("\n"):
            new_body += "\n"
        return Edit(self.path, self.body, new_body)

    def describe(self) -> str:
        return f"{self.path}::{self.symbol} (lines {self.start + 1}-{self.end})"


def choose_region(
    repo: Path, targets: list[str], steps: list[PlanStep], task: str,
    tags_of: Callable[[str, str], FileTags],
) -> tuple[Region | None, str]:
    """The one body to infill, or None and why infill does not fit this run."""
    wanted: set[tuple[str, str]] = {(s["file"], s["symbol"]) for s in steps if s.get("symbol")}
    texts: dict[str, str] = {}
    for target in targets:
        text = read_current(repo, target)
        if text is not None:
            texts[target] = text
    if not wanted:
        idents = set(IDENT_RE.findall(task))
        for path, text in texts.items():
            wanted |= {(path, d.name) for d in tags_of(path, text).definitions if d.name in idents}
    found: list[tuple[str, Any]] = []
    for path, symbol in sorted(wanted):
        if path not in texts:
            continue
        defs = [d for d in tags_of(path, texts[path]).definitions if d.name == symbol]
        if len(defs) == 1:
            found.append((path, defs[0]))
    if len(found) != 1:
        return None, (f"{len(found)} definitions named by the plan or task in the targets; infill needs exactly one"
                      if found else "no definition in the targets is named by the plan or the task")
    path, definition = found[0]
    lines = texts[path].splitlines(keepends=True)
    start, end = definition.line, definition.end_line  # body: the lines after the signature line
    if end > start and lines[end - 1].strip().startswith("}"):
        end -= 1  # keep the closing brace as fixed context
    if end <= start:
        return None, f"{path}::{definition.name} has no body lines of its own to rewrite"
    return Region(
        path=path, symbol=definition.name, start=start, end=end, before="".join(lines[:start]),
        body="".join(lines[start:end]), after="".join(lines[end:]),
    ), ""


def infill_messages(task: str, plan: str, region: Region, problems: list[str] | None = None) -> list[Message]:
    user = (f"Task: {task}\n\nPlan:\n{plan}\n\nRewrite the body of `{region.symbol}` in {region.path} "
            f"(lines {region.start + 1}-{region.end}).")
    if problems:
        user += "\n\nThe previous body was rejected:\n" + "\n\n".join(problems)
    return [{"role": "system", "content": INFILL_SYSTEM}, {"role": "user", "content": user}]
