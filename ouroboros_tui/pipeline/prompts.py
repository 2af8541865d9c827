"""Every prompt the pipeline sends, in one place, so the formats the parsers expect are stated once."""

from __future__ import annotations

from ouroboros_tui.models.base import Message
from ouroboros_tui.provenance.artifact import Plan
from ouroboros_tui.runs.plan import step_label

PLAN_FORMAT = """Answer with one JSON object and nothing else:
{"steps": [{"file": "path/relative/to/repo.py", "symbol": "function_or_class", "action": "what to change"}]}
"file" and "action" are required in every step; "symbol" may be "" for a change to the whole file."""

REASONER_SYSTEM = f"""You plan code changes. Given a task and an excerpt of the repository, list the
steps needed, each naming the file and the symbol it changes. Do not write code.
{PLAN_FORMAT}"""

RULES = """Rules:
- Start every block with the file's exact path relative to the repository, alone on its line.
- Copy the old lines exactly, with the file's whitespace and indentation; no line numbers, no `...`.
- Keep blocks small: a few lines around each change, enough to match one place. Several places: several blocks.
- Edit only the files to change (and new files the change needs); outlines of other files are read-only."""

SEARCH_REPLACE_FORMAT = """Answer with SEARCH/REPLACE blocks only, in this exact shape:

src/shop/cart.py
<<<<<<< SEARCH
def total(items):
    return sum(item.price for item in items)
=======
def total(items, discount=0.0):
    return sum(item.price for item in items) * (1 - discount)
>>>>>>> REPLACE

To create a new file, give its path and leave the SEARCH part empty.
""" + RULES

WHOLE_FORMAT = """Answer with the complete new text of every file you change, each in a fence headed by its path:

src/shop/cart.py
```python
def total(items, discount=0.0):
    return sum(item.price for item in items) * (1 - discount)
```

Rules:
- Give each changed file in full: every line of it, changed or not; never `...` or "rest unchanged".
- The path is the file's exact path relative to the repository, on the line above the fence.
- Change only what the task needs; keep everything else exactly as it is."""

DIFF_FORMAT = """Answer with a unified diff only, in this exact shape:

```diff
--- a/src/shop/cart.py
+++ b/src/shop/cart.py
@@ -1,2 +1,2 @@
-def total(items):
-    return sum(item.price for item in items)
+def total(items, discount=0.0):
+    return sum(item.price for item in items) * (1 - discount)
```

Rules:
- Each hunk has a few unchanged context lines (prefix " "), removed lines ("-") and added lines ("+"),
  copied exactly from the file with its whitespace; no `...`.
- Paths are exact and relative to the repository; a new file is `--- /dev/null`.
- Edit only the files to change; outlines of other files are read-only."""

FORMATS = {"search-replace": SEARCH_REPLACE_FORMAT, "whole": WHOLE_FORMAT, "diff": DIFF_FORMAT}
EDIT_FORMAT = SEARCH_REPLACE_FORMAT


def builder_system(edit_format: str = "search-replace") -> str:
    return ("You are a careful programmer who changes code exactly as asked and keeps it valid.\n"
            + FORMATS.get(edit_format, SEARCH_REPLACE_FORMAT))


BUILDER_SYSTEM = builder_system()


def reasoner_messages(task: str, targets: list[str], context: str) -> list[Message]:
    user = (
        f"Task: {task}\n\nTarget files: {', '.join(targets)}\n\n"
        f"Repository excerpt:\n{context}\n\n{PLAN_FORMAT}"
    )
    return [{"role": "system", "content": REASONER_SYSTEM}, {"role": "user", "content": user}]


def reasoner_retry(messages: list[Message], response: str, error: str) -> list[Message]:
    return [
        *messages,
        {"role": "assistant", "content": response},
        {"role": "user", "content": f"That plan could not be read: {error}\n{PLAN_FORMAT}"},
    ]


def plan_text(plan: Plan, task: str) -> str:
    """The plan as the builder reads it: numbered `path::symbol — action` lines, or the task itself."""
    steps = plan.get("steps") or []
    if not steps:
        return f"1. {task}"
    return "\n".join(f"{i}. {step_label(step)}" for i, step in enumerate(steps, start=1))


def builder_messages(
    task: str, plan: str, context: str, targets: list[str], feedback: str | None = None,
    edit_format: str = "search-replace",
) -> list[Message]:
    parts = [
        f"Task: {task}",
        f"Plan:\n{plan}",
        f"Files to change: {', '.join(targets)}",
        "Repository context (the files to change, in full or as numbered windows around the code the task "
        "names; then read-only outlines of related files):\n" + context,
    ]
    if feedback:
        parts.append(f"A reviewer rejected an earlier version of this change, saying:\n{feedback}\n"
                     "Take that into account.")
    parts.append(f"Task (again): {task}\nFiles to change: {', '.join(targets)}")
    parts.append(FORMATS.get(edit_format, SEARCH_REPLACE_FORMAT))
    return [{"role": "system", "content": builder_system(edit_format)},
            {"role": "user", "content": "\n\n".join(parts)}]


def builder_retry(first: list[Message], response: str, problems: str) -> list[Message]:
    """The first prompt, the last answer, and what was wrong with it (pipeline/feedback.py). Older
    answers are left out so the prompt does not grow with every attempt."""
    return [*first, {"role": "assistant", "content": response}, {"role": "user", "content": problems}]
