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

EDIT_FORMAT = """Answer with SEARCH/REPLACE blocks only. Each block starts with the file's path on its own line:

path/relative/to/repo.py
<<<<<<< SEARCH
old lines, copied exactly from the current file (enough of them to match in one place)
=======
new lines
>>>>>>> REPLACE

To create a new file, leave the SEARCH part empty. Use several blocks for several places.
Only edit files inside the repository."""

BUILDER_SYSTEM = f"""You are a careful programmer who changes code exactly as asked and keeps it valid.
{EDIT_FORMAT}"""


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
    task: str, plan: str, context: str, targets: list[str], feedback: str | None = None
) -> list[Message]:
    parts = [
        f"Task: {task}",
        f"Plan:\n{plan}",
        f"Files to change: {', '.join(targets)}",
        f"Repository context (target files in full, then outlines of related files):\n{context}",
    ]
    if feedback:
        parts.append(f"A reviewer rejected an earlier version of this change, saying:\n{feedback}\n"
                     "Take that into account.")
    parts.append(EDIT_FORMAT)
    return [{"role": "system", "content": BUILDER_SYSTEM}, {"role": "user", "content": "\n\n".join(parts)}]


def builder_retry(first: list[Message], response: str, failures: list[str], attempt: int) -> list[Message]:
    """The first prompt, the last answer, and what was wrong with it. Older answers are left out so
    the prompt does not grow with every attempt."""
    problems = "\n\n".join(failures)
    return [
        *first,
        {"role": "assistant", "content": response},
        {"role": "user", "content": (
            f"Attempt {attempt} was rejected; nothing was written. Problems:\n\n{problems}\n\n"
            "Answer again with corrected SEARCH/REPLACE blocks for the whole change, "
            "against the files as they are now (shown above)."
        )},
    ]
