"""The review half of the main screen: showing a patch, keeping the review's decisions with the
pending run, and the review's requests (find, leave, reject with a reason, regenerate, commit).
MainScreen (screens/main.py) owns the run that produces the patch and inherits this."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import Static

from ouroboros_tui.patch.review import ReviewSession
from ouroboros_tui.tui.context import ScreenContext
from ouroboros_tui.tui.messages import Committed
from ouroboros_tui.tui.screens.find import FindScreen
from ouroboros_tui.tui.screens.reason import ReasonScreen
from ouroboros_tui.tui.screens.revision_flow import RevisionFlow
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from ouroboros_tui.tui.widgets.file_tree import FileTree

if TYPE_CHECKING:
    from ouroboros_tui.config import Settings
    from ouroboros_tui.runs.record import RunRecord


class ReviewFlow(RevisionFlow):
    """State it shares with MainScreen, which sets it in __init__."""

    ctx: ScreenContext
    record: RunRecord | None
    run_settings: Settings | None
    last_task: str
    last_targets: list[str]
    last_settings: Settings | None
    applying: bool
    _superseded: ReviewSession | None
    _review_pending: tuple[RunRecord, dict[str, object], bool] | None
    _review_lock: threading.Lock

    def start_run(self, task: str, targets: list[str], settings: Settings, feedback: str | None = None) -> None:
        raise NotImplementedError  # MainScreen's

    def show_patch(
        self, record: RunRecord, warnings: list[str] | None = None,
        low_confidence: dict[str, set[int]] | None = None,
    ) -> None:  # fmt: skip
        """Load a run's patch for review (a fresh one, or a pending run reopened from history)."""
        if record.patch is None:
            self.notify("This run has no patch to review.", severity="warning")
            return
        self.record = record
        self.last_task, self.last_targets = record.task, list(record.targets)
        session = ReviewSession(record.patch)
        previous, self._superseded = self._superseded, None
        if previous is not None:
            kept = session.carry_over(previous)
            if kept:
                self.notify(f"{kept} unchanged hunk(s) keep your decision.", timeout=4)
                review_state = session.to_dict()  # kept with the new pending run at once
                self.call_after_refresh(self._keep_review, record, review_state)
        else:
            session = self._restored(record, session)
        review = self.query_one(DiffReview)
        review.load(session, record, low_confidence)
        self.add_class("reviewing")
        review.focus()
        self._show_errors([f"warning: {w}" for w in warnings or []])

    def _restored(self, record: RunRecord, fresh: ReviewSession) -> ReviewSession:
        """A pending run reopened: the decisions saved with it (runs/<id>/review.json)."""
        from ouroboros_tui.runs.persist import load_review

        assert record.patch is not None
        saved = load_review(self.ctx.repo, record.run_id)
        if not saved:
            return fresh
        session = ReviewSession.from_dict(record.patch, saved)
        accepted, rejected = session.counts()
        if accepted or rejected:
            self.notify(f"Your review so far: {accepted} accepted, {rejected} rejected.", timeout=4)
        return session

    def _keep_review(self, record: RunRecord, state: dict[str, object]) -> None:
        with self._review_lock:
            self._review_pending = (record, state, False)
        self.save_review_in_background()

    def on_diff_review_decisions_changed(self, message: DiffReview.DecisionsChanged) -> None:
        review = self.query_one(DiffReview)
        if self.record is None or review.session is None or self.record.status != "pending":
            return
        with self._review_lock:
            split = message.split or (self._review_pending is not None and self._review_pending[2])
            self._review_pending = (self.record, review.session.to_dict(), split)
        self.save_review_in_background()

    @work(thread=True, exit_on_error=False, group="save")
    def save_review_in_background(self) -> None:
        """Every decision is kept with the pending run: a quit, a crash or `p` later loses none.
        Threads may run out of order, so each writes the newest state waiting, under one lock."""
        from ouroboros_tui.runs.persist import save_record, save_review

        with self._review_lock:
            pending, self._review_pending = self._review_pending, None
            if pending is None:
                return  # a later thread already wrote the newer state
            record, state, split = pending
            if split:  # the hunk ids in `state` are the split patch's
                save_record(self.ctx.repo, record)
            save_review(self.ctx.repo, record.run_id, state)

    def on_file_tree_find_requested(self, message: FileTree.FindRequested) -> None:
        from ouroboros_tui.tui.screens.file_finder import FileFinderScreen

        tree = self.query_one(FileTree)

        def done(path: str | None) -> None:
            tree.focus()
            if path:
                tree.reveal(path)

        self.app.push_screen(FileFinderScreen(self.ctx.repo, tree.listing.files, set(tree.marked), self.ctx.keys),
                             done)

    def on_diff_review_find_requested(self, message: DiffReview.FindRequested) -> None:
        review = self.query_one(DiffReview)

        def done(query: str | None) -> None:
            if query:
                review.find(query)

        self.app.push_screen(FindScreen(review.last_find, self.ctx.keys), done)

    def action_show_run_log(self) -> None:
        """`l` in the review, ctrl+l, the palette: the attempts and the Builder's output, which the
        review hides at 80×24."""
        from ouroboros_tui.tui.screens.run_log import RunLogScreen, has_log
        from ouroboros_tui.tui.widgets.stages import StagesPane

        if not isinstance(self.app.screen, type(self)):
            return  # already open, or another overlay is up
        progress = self.query_one(StagesPane).progress
        reviewed = self.record.run_id if self.record is not None and self.has_class("reviewing") else None
        if not has_log(progress):
            if reviewed:  # reopened from history: its log is in the run's folder, not in this session
                self.notify(f"No run in this session yet: History ({self.ctx.keys('app.history')}) → enter "
                            "shows this run's attempts and gate errors.", severity="warning", timeout=6)
            else:
                self.notify(f"No run yet: the log fills once a run starts ({self.ctx.keys('main.run')}).",
                            severity="warning", timeout=4)
            return
        self.app.push_screen(RunLogScreen(progress, self.ctx.keys, reviewed))

    def on_diff_review_leave_requested(self, message: DiffReview.LeaveRequested) -> None:
        record = self.record
        self.query_one(DiffReview).clear_patch(
            f"Review left: run {record.run_id if record else ''} stays pending with your decisions. "
            f"History ({self.ctx.keys('app.history')}) → {self.ctx.keys('detail.reopen')} reopens it."
        )
        self._leave_review()

    def _leave_review(self) -> None:
        """Hide the review; a focus left in it would go nowhere (keyboard users then have no
        visible focus and their keys do nothing), so it moves to the task text."""
        review = self.query_one(DiffReview)
        had_focus = self.app.focused is None or self.app.focused is review
        self.remove_class("reviewing")
        if had_focus:
            self.query_one("#task-text").focus()

    def _show_errors(self, lines: list[str]) -> None:
        box = self.query_one("#review-errors", Static)
        box.update("\n".join(lines))
        box.display = bool(lines)

    # ---- review messages -----------------------------------------------------------------
    def on_diff_review_reason_requested(self, message: DiffReview.ReasonRequested) -> None:
        def done(reason: str | None) -> None:
            if reason:
                self.query_one(DiffReview).reject_with_reason(message.hunk_id, reason)

        self.app.push_screen(ReasonScreen(self.ctx.keys), done)

    @work(thread=True, exit_on_error=False, group="save")
    def save_in_background(self, record: RunRecord) -> None:
        """Keep the reviewer's verdicts (reasons, a declined run) in the run's artifact."""
        from ouroboros_tui.runs.persist import save_record

        save_record(self.ctx.repo, record)

    def on_diff_review_all_rejected(self, message: DiffReview.AllRejected) -> None:
        record = self.record
        if record is None:
            return
        record.status = "rejected"
        record.rejected.update(self.query_one(DiffReview).reasons)
        self.save_in_background(record)
        self.query_one(DiffReview).clear_patch("Every hunk rejected: nothing committed, the run is marked rejected.")
        self._leave_review()
        self.notify("Every hunk rejected; the run is marked rejected.", title="Nothing committed")

    def on_diff_review_regenerate_requested(self, message: DiffReview.RegenerateRequested) -> None:
        settings = self.last_settings or self.ctx.settings
        if not self.last_task:
            return
        review = self.query_one(DiffReview)
        if self.record is not None:
            # The regenerated run supersedes this one: it is declined, with the reasons, not left
            # pending for the history pane to offer again.
            self.record.status = "rejected"
            self.record.rejected.update(review.reasons)
            self.save_in_background(self.record)
        self.notify("Regenerating with your reason…")
        session = review.session
        self.start_run(self.last_task, self.last_targets, settings, feedback=message.feedback)
        self._superseded = session

    def on_diff_review_commit_requested(self, message: DiffReview.CommitRequested) -> None:
        record = self.record
        if record is None:
            return
        if self.applying:
            # `c` pressed twice (key repeat, SSH lag): a second apply of the same run ran into the
            # first one's lock and told the user to delete .ouroboros/lock.
            self.notify("Already applying these hunks…", severity="warning")
            return
        self.applying = True
        record.rejected.update(self.query_one(DiffReview).reasons)
        self.notify("Applying the accepted hunks…")
        self.apply_in_background(record, message.hunk_ids, self.last_settings or self.ctx.settings)

    @work(thread=True, exit_on_error=False, group="apply")
    def apply_in_background(self, record: RunRecord, hunk_ids: list[str], settings: Settings) -> None:
        from ouroboros_tui.apply.apply_run import apply_run

        result = apply_run(self.ctx.repo, record, hunk_ids, settings)  # refusals raise: job_failed
        self.app.call_from_thread(self._applied, result)

    def _applied(self, result: Any) -> None:
        self.applying = False
        sha = str(result.commit)[:7]
        files = len(result.files)
        self.post_message(Committed(str(result.commit)))
        self._show_errors([])
        self.query_one(DiffReview).clear_patch(
            f"Committed {sha}: {len(result.applied)} hunk(s) in {files} file(s). "
            f"History ({self.ctx.keys('app.history')}) can undo it."
        )
        self._leave_review()
        self.query_one(FileTree).refresh_listing()
        self.notify(f"Committed {sha}. History ({self.ctx.keys('app.history')}) can undo it.", title="Applied")

    def job_failed(self, group: str, error: BaseException) -> None:
        if group != "apply":
            super().job_failed(group, error)
            return
        # ApplyRefused / ApplyError and anything else: shown under the review, nothing committed.
        self.applying = False
        lines = [f"Not committed: {error}"]
        for attr in ("errors", "details", "reasons"):
            extra = getattr(error, attr, None)
            if extra and isinstance(extra, (list, tuple)):
                lines.extend(f"  {e}" for e in extra)
        self._show_errors(lines)
        self.notify(str(error), title="Not committed", severity="error", timeout=10)
