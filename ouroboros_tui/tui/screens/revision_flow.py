"""The reviewer's own version of a hunk, on the main screen: `e` runs their editor (the app suspends
itself, as lazygit does), and an edit or line mode's chosen lines go through the run's static gate
levels off the UI thread before they replace the model's hunk. A refused edit says why and offers
the editor again on the same text, as `git add -p` does. ReviewFlow (review_flow.py) extends this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work

from ouroboros_tui.tui.screens.confirm import ConfirmScreen
from ouroboros_tui.tui.screens.jobs import JobScreen
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from ouroboros_tui.tui.widgets.diff_version import EditRequested, RevisionRequested

if TYPE_CHECKING:
    from ouroboros_tui.runs.record import RunRecord
    from ouroboros_tui.tui.context import ScreenContext


@dataclass(frozen=True)
class PendingRevision:
    """The reviewer's version of a hunk on its way through the gate; `text` is an edit's (to offer
    the editor again on it when the gate refuses)."""

    hunk_id: str
    revised: Any
    note: str
    header: str = ""
    text: str | None = None


class RevisionFlow(JobScreen):
    """State it shares with MainScreen, which sets it in __init__."""

    ctx: ScreenContext
    record: RunRecord | None

    # ---- `e`: the hunk in the user's editor, through the gate, in place of the model's ------------
    def on_diff_review_edit_requested(self, message: EditRequested) -> None:
        self._edit_hunk(message.hunk_id, message.header)

    def _edit_hunk(self, hunk_id: str, header: str, previous: str | None = None,
                   problems: tuple[str, ...] = ()) -> None:  # fmt: skip
        from ouroboros_tui.errors import OuroborosError
        from ouroboros_tui.patch.hunk_edit import HunkEditError
        from ouroboros_tui.runs.hunk_editor import HunkEdit

        session, record = self.query_one(DiffReview).session, self.record
        if session is None or record is None or hunk_id not in session:
            return
        hunk = session.hunks[session.index_of(hunk_id)]
        edit = HunkEdit(self.ctx.repo, record.run_id, hunk, header, problems)
        text = previous
        try:
            edit.write_draft(previous)
            status = self._run_editor(edit.command())
            if status != 0:
                self.notify(f"Hunk {hunk.number}: {edit.failure(status)}.", severity="warning")
                return
            text = edit.edited_text()
            revised = edit.result()
        except HunkEditError as exc:
            self._edit_refused(hunk_id, header, text, (str(exc),), "Your edit cannot replace the hunk")
            return
        except (OSError, OuroborosError) as exc:
            self.notify(f"Could not edit hunk {hunk.number}: {exc}", severity="error")
            return
        if revised is None:
            self.notify(f"The edit leaves no change: hunk {hunk.number} stays as it was.", severity="warning")
        elif revised is hunk:
            self.notify(f"Hunk {hunk.number} unchanged.")
        else:
            self.notify(f"Checking your edit of hunk {hunk.number}…", timeout=2)
            self._gate_revision(PendingRevision(hunk_id, revised, "your edit passed the gate and is accepted",
                                                header, text or ""))

    def on_diff_review_revision_requested(self, message: RevisionRequested) -> None:
        self._gate_revision(PendingRevision(message.hunk_id, message.revised, message.note))

    def _gate_revision(self, pending: PendingRevision) -> None:
        """The file as it would be committed with the reviewer's hunk (and the others not rejected),
        through the run's static gate levels, off the UI thread."""
        session, record = self.query_one(DiffReview).session, self.record
        if session is None or record is None or pending.hunk_id not in session:
            return
        hunk = session.hunks[session.index_of(pending.hunk_id)]
        file = session.patch.file(hunk.path)
        others = [h for h in file.hunks if h is not hunk and session.decision(h.id) != "reject"]
        levels = tuple(record.safety.get("levels_run") or self.ctx.settings.gate_levels)
        self.gate_revision_in_background(pending, file, [*others, pending.revised], levels)

    def _run_editor(self, command: list[str]) -> int:
        """The editor gets the terminal (the app suspends itself, as lazygit does), then the app is back."""
        import subprocess

        from textual.app import SuspendNotSupported

        try:
            with self.app.suspend():
                return subprocess.run(command, check=False).returncode
        except SuspendNotSupported:  # headless (tests) or no terminal: nothing to hand over
            return subprocess.run(command, check=False, stdin=subprocess.DEVNULL).returncode

    @work(thread=True, exit_on_error=False, group="edit")
    def gate_revision_in_background(self, pending: PendingRevision, file: Any, hunks: list[Any],
                                    levels: tuple[str, ...]) -> None:  # fmt: skip
        from ouroboros_tui.runs.hunk_editor import gate_revision

        problems = tuple(gate_revision(file, hunks, levels))
        self.app.call_from_thread(self._revision_checked, pending, problems)

    def _revision_checked(self, pending: PendingRevision, problems: tuple[str, ...]) -> None:
        review = self.query_one(DiffReview)
        if review.session is None or pending.hunk_id not in review.session:
            self.notify("The patch changed while your version was checked; it was not used.", severity="warning")
            return
        if problems and pending.text is not None:
            self._edit_refused(pending.hunk_id, pending.header, pending.text, problems,
                               "Your edit does not pass the safety gate")
        elif problems:
            self.notify("\n".join(problems[:4]), title="The chosen lines do not pass the gate; the hunk stays "
                        f"as it was ({self.ctx.keys('review.lines')} chooses again)", severity="error", timeout=10)
        else:
            number = pending.revised.number
            review.revise(pending.revised, f"Hunk {number}: {pending.note} ({self.ctx.keys('review.undo')} takes "
                                           "it back).", pending.hunk_id)  # fmt: skip

    def _edit_refused(self, hunk_id: str, header: str, text: str | None, problems: tuple[str, ...],
                      question: str) -> None:  # fmt: skip
        """As `git add -p` after a bad edit: say why, offer the editor again on the same text."""

        def answered(again: bool | None) -> None:
            if again:
                self._edit_hunk(hunk_id, header, text, problems)
            else:
                self.notify("The hunk stays as it was; your last edit is kept in the run folder's edits/.")

        shown = "\n".join(problems[:6]) + (f"\n… and {len(problems) - 6} more" if len(problems) > 6 else "")
        self.app.push_screen(ConfirmScreen(f"{question}. Edit again?", shown, self.ctx.keys), answered)
