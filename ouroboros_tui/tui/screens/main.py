"""Main screen: file tree | task, stages, review. Owns the run (worker) and the commit."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Static

from ouroboros_tui.patch.review import ReviewSession
from ouroboros_tui.tui import keymap
from ouroboros_tui.tui.confidence import ConfidenceTap, low_confidence_map
from ouroboros_tui.tui.context import ScreenContext
from ouroboros_tui.tui.messages import PipelineCrashed, PipelineEventMessage, PipelineFinished
from ouroboros_tui.tui.screens.confirm import ConfirmScreen
from ouroboros_tui.tui.screens.review_flow import ReviewFlow
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from ouroboros_tui.tui.widgets.file_tree import FileTree
from ouroboros_tui.tui.widgets.stages import StagesPane
from ouroboros_tui.tui.widgets.task_input import TaskInput, TaskOptions
from ouroboros_tui.tui.worker import PipelineWorker

if TYPE_CHECKING:
    from ouroboros_tui.config import Settings
    from ouroboros_tui.runs.events import PipelineEvent
    from ouroboros_tui.runs.record import RunRecord


class MainScreen(ReviewFlow):
    BINDINGS = keymap.bindings("help") + keymap.bindings("main")
    AUTO_FOCUS = "#task-text"  # focused as the screen activates: no restyle after the first pass

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(id="main")
        self.ctx = ctx
        self.worker: PipelineWorker | None = None
        self.last_task = ""
        self.last_targets: list[str] = []
        self.last_settings: Settings | None = None
        self.run_settings: Settings | None = None
        self.record: RunRecord | None = None
        self.taps: dict[str, ConfidenceTap] = {}
        self.applying = False
        # The review before an `r` regenerate: its decisions carry over to the hunks it keeps.
        self._superseded: ReviewSession | None = None
        # The newest review state not yet written (record, state, patch split since the last write).
        self._review_pending: tuple[RunRecord, dict[str, object], bool] | None = None
        self._review_lock = threading.Lock()

    def compose(self) -> ComposeResult:
        ctx = self.ctx
        settings = ctx.settings
        yield Header(icon="∞")
        with Horizontal(id="main-body"):
            yield FileTree(ctx.repo, list(ctx.targets), keys=ctx.keys, id="file-tree")
            with Vertical(id="work"):
                task = TaskInput(settings.preset, settings.safe_mode, settings.max_risk, id="task-input")
                if ctx.demo:
                    task.border_title = "Task · SCRIPTED DEMO (no model weights)"
                yield task
                yield StagesPane(id="stages")
                yield DiffReview(keys=ctx.keys, id="diff-review")
                yield Static(id="review-errors")
        # Compact, and "Cancel run" only during a run: at 80 columns the review's keys used to
        # push Quit and History off the footer.
        # The palette (ctrl+p) is listed by `?` instead: at 80 columns its key covered Quit.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self.ctx.task:
            self.query_one(TaskInput).text = self.ctx.task

    def on_resize(self) -> None:
        self.set_class(self.size.height >= 32, "tall")

    def palette_commands(self) -> list[tuple[str, str, str]]:
        hint = self.ctx.keys.hint
        return [
            ("Run task", hint("Run the task on the marked files", "main.run"), "run_task"),
            ("Cancel run", hint("Stop the running pipeline", "main.cancel"), "cancel_run"),
            ("Focus file tree", hint("Move the focus to the files", "main.focus_tree"), "focus_pane('file-tree')"),
            ("Focus task", hint("Move the focus to the task text", "main.focus_task"), "focus_pane('task-text')"),
            ("Focus review", hint("Move the focus to the diff review", "main.focus_review"),
             "focus_pane('diff-review')"),
            ("Show run log", hint("Attempts, gate errors and the Builder's output", "main.log"), "show_run_log"),
            ("Commit accepted hunks", hint("Apply and commit what you accepted", "review.commit"), "commit_review"),
            ("Open history", hint("Past runs: undo, verify, reopen", "app.history"), "app.open_history"),
            ("Next theme", hint("Cycle through the themes", "app.theme"), "app.cycle_theme"),
        ]

    # ---- running -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.running

    def _settings_for(self, options: TaskOptions) -> Settings:
        """The app's settings with the task pane's preset / safe mode / max risk applied."""
        ctx = self.ctx
        base = ctx.settings
        if options.preset != base.preset and not all(m.backend == "scripted" for m in base.models.values()):
            from ouroboros_tui.config import deep_merge, load_settings

            flags = deep_merge(dict(ctx.flags or {}), {"pipeline": {"preset": options.preset}})
            base = load_settings(ctx.repo, flags)
        return dataclasses.replace(
            base, preset=options.preset, safe_mode=options.safe_mode, max_risk=options.max_risk
        )

    def action_run_task(self) -> None:
        # ctrl+r is a priority binding, so it runs the moment the app reads it, while the keys typed
        # just before it (typed ahead over SSH, or pasted) may still wait in the focused widget's
        # queue: the run would start with half the task. Read the task once that queue is drained.
        focused = self.app.focused
        if focused is not None:
            focused.call_later(self._run_task)
        else:
            self._run_task()

    def _run_task(self) -> None:
        task_input = self.query_one(TaskInput)
        try:
            options = task_input.options()
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        if not options.task:
            self.notify("Write the task first.", severity="warning")
            self.query_one("#task-text").focus()
            return
        targets = self.query_one(FileTree).effective_targets()
        if not targets:
            self.notify("Mark a target file in the tree (space) or put the cursor on one.", severity="warning")
            return
        try:
            settings = self._settings_for(options)
        except Exception as exc:  # a ConfigError from the preset switch
            self.notify(str(exc), severity="error")
            return
        if self.reviewing and not self.running:
            # ctrl+r in a review used to replace it at once: one key away from losing the view.
            def answered(yes: bool | None) -> None:
                if yes:
                    self.start_run(options.task, targets, settings)

            self.app.push_screen(ConfirmScreen(
                "Start a new run?",
                f"This review stays pending with its decisions (History {self.ctx.keys('app.history')} "
                f"→ {self.ctx.keys('detail.reopen')} reopens it).", self.ctx.keys), answered)
            return
        self.start_run(options.task, targets, settings)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """What the footer lists: in a review, not `Run` (it still works, and asks first); at
        80 columns that room shows the review's own keys and Quit / History."""
        bindings = super().active_bindings
        if not self.reviewing:
            return bindings
        return {key: b for key, b in bindings.items() if b.binding.id != "main.run"}

    @property
    def reviewing(self) -> bool:
        return self.has_class("reviewing")

    def accepted_uncommitted(self) -> int:
        """Hunks accepted in the open review and not committed yet (what ctrl+q asks about)."""
        if not self.reviewing or self.applying:
            return 0
        return len(self.query_one(DiffReview).accepted_ids())

    def start_run(self, task: str, targets: list[str], settings: Settings, feedback: str | None = None) -> None:
        if self.running:
            self.notify(f"A run is in progress; {self.ctx.keys('main.cancel')} cancels it.", severity="warning")
            return
        self.last_task, self.last_targets, self.last_settings = task, targets, settings
        self._superseded = None
        self.query_one(StagesPane).reset()
        self._leave_review()
        self.query_one(DiffReview).clear_patch(f"Running on {', '.join(targets)}…")
        self._show_errors([])
        ctx = self.ctx

        taps: dict[str, ConfidenceTap] = {}
        self.taps = taps

        def source(cancel: threading.Event) -> Iterator[PipelineEvent]:
            injected = ctx.generators_for(settings)
            if injected is None:
                # Before torch and transformers load (seconds): a model that is not on this
                # machine is a failed run at once, not after a long "running".
                from ouroboros_tui.models.hub import missing_models
                from ouroboros_tui.runs.events import RunFailed

                problems = missing_models(settings.models)
                if problems:
                    return iter([RunFailed("", f"model not available — {problems[0]}", details=tuple(problems))])
            from ouroboros_tui.models import make_generator
            from ouroboros_tui.pipeline.run import Pipeline  # torch & co. load here, off the UI thread

            generators = injected or {
                role: make_generator(config) for role, config in settings.models.items()
            }
            # Tapped so the review can mark the lines the Builder was unsure of.
            taps.update({role: ConfidenceTap(g) for role, g in generators.items()})
            pipeline = Pipeline(ctx.repo, settings, generators=dict(taps))
            return pipeline.run(task, targets, cancel=cancel, feedback=feedback)

        self.worker = PipelineWorker(self, source)
        self.worker.start()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_run":
            return self.running  # hidden from the footer when there is nothing to cancel
        return True

    def action_cancel_run(self) -> None:
        if self.running and self.worker is not None:
            self.worker.cancel()
            self.notify("Cancelling the run…")

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def action_focus_pane(self, pane_id: str) -> None:
        if pane_id == "diff-review" and not self.reviewing:
            self.notify("No patch to review yet.", severity="warning")
            return
        pane = self.query_one(f"#{pane_id}")
        hidden = any(not node.display for node in pane.ancestors_with_self if hasattr(node, "display"))
        if hidden:
            # The task is hidden during a review: a focus there took the next `y` as typing.
            self.notify(f"The task is hidden during the review; {self.ctx.keys('review.leave')} leaves the "
                        "review (the run stays pending).", severity="warning")
            return
        pane.focus()

    def action_commit_review(self) -> None:
        self.query_one(DiffReview).action_commit()

    # ---- pipeline messages ---------------------------------------------------------------
    def on_pipeline_event_message(self, message: PipelineEventMessage) -> None:
        from ouroboros_tui.runs.events import PatchReady, RunFailed

        event = message.event
        cancelled = self.worker is not None and self.worker.cancel_event.is_set()
        if isinstance(event, PatchReady) and cancelled:
            return
        self.query_one(StagesPane).handle(event)
        if isinstance(event, PatchReady):
            builder = self.taps.get("builder")
            last = builder.last if builder is not None else None
            marks = low_confidence_map(
                event.patch, getattr(last, "tokens", None), getattr(last, "confidences", None)
            )
            warnings = list(event.warnings)
            # The task pane's "risk≤" was read and then ignored: a run far above it reached the
            # review (and a commit) without a word. The human still decides; they are told.
            limit = self.last_settings.max_risk if self.last_settings is not None else None
            score = event.record.risk_score
            if limit is not None and score > limit:
                warnings.insert(0, f"run risk {score:.2f} is above your max risk {limit:g}: "
                                   "check each hunk before you commit")
                self.notify(f"Run risk {score:.2f} is above your max risk {limit:g}.",
                            severity="warning", timeout=8)
            self.show_patch(event.record, warnings, marks)
        elif isinstance(event, RunFailed):
            self.record = event.record
            self._superseded = None
            self.query_one(DiffReview).clear_patch(f"Run {event.kind}: {event.reason}")
            self.notify(
                f"Run {event.kind}: {event.reason}",
                severity="warning" if event.kind == "cancelled" else "error",
                timeout=8,
            )

    def on_pipeline_crashed(self, message: PipelineCrashed) -> None:
        self.query_one(StagesPane).mark_cancelled(f"run stopped: {message.error}")
        self.query_one(DiffReview).clear_patch(f"The run stopped with an error: {message.error}")
        self.notify(f"The run stopped with an error: {message.error}", severity="error", timeout=10)

    def on_pipeline_finished(self, message: PipelineFinished) -> None:
        if self.worker is not None:
            self.worker.join(1.0)  # posting this message was the thread's last act
        self.refresh_bindings()
        if message.cancelled:
            self.query_one(StagesPane).mark_cancelled()
