"""Pipeline.run(task, targets) → iterator of events, ending in PatchReady or RunFailed.

The work happens in a worker thread; models call back from their own threads. Every event goes
through one queue, so the caller (CLI, TUI worker, test) reads a plain iterator. Nothing in the work
tree changes: the run ends *pending* (or failed / refused / cancelled), saved to .ouroboros/ when
persist is on.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from ouroboros_tui.config import Settings
from ouroboros_tui.models.base import (
    DiffusionDraft,
    GenerationCancelled,
    GenerationResult,
    Generator,
    LoadProgress,
    Message,
    ModelError,
    ModelEvent,
    TokenDelta,
)
from ouroboros_tui.models.threads import release_thread_locals
from ouroboros_tui.patch.edits import UnsafePath, check_path
from ouroboros_tui.patch.hunks import make_patch
from ouroboros_tui.pipeline.builder import BuildOutcome, Cancelled, Infill, build
from ouroboros_tui.pipeline.builder_setup import answer_sizer, edit_format_for, fitted_budget, focus_targets
from ouroboros_tui.pipeline.reasoner import make_plan
from ouroboros_tui.pipeline.run_report import models_used, proposed_modifications, score_outcome, syntax_safety
from ouroboros_tui.provenance.artifact import FailureKind, Plan, SafetyReport
from ouroboros_tui.runs import events as ev
from ouroboros_tui.runs.record import RunRecord, new_run_id, sha256_text
from ouroboros_tui.source.files import read_current

_DONE = object()


class _Refused(Exception):
    """A safety refusal before any model runs (a target outside the repository)."""


class _BadTarget(Exception):
    """A target that cannot be edited (a directory)."""


class Pipeline:
    def __init__(
        self, repo: Path, settings: Settings, *, generators: dict[str, Generator] | None = None,
        persist: bool = True,
    ) -> None:
        self.repo = repo.resolve()
        self.settings = settings
        self.persist = persist
        self._generators: dict[str, Generator] = dict(generators or {})

    def generator(self, role: str) -> Generator:
        """One generator per role for the pipeline's lifetime, so models load once."""
        if role not in self._generators:
            from ouroboros_tui.models import make_generator

            self._generators[role] = make_generator(self.settings.models[role])
        return self._generators[role]

    def run(
        self, task: str, targets: list[str], cancel: threading.Event | None = None,
        feedback: str | None = None, *, plan: dict[str, Any] | None = None, stop_after_plan: bool = False,
    ) -> Iterator[ev.PipelineEvent]:
        """Events of one run. `plan` (a plan made earlier, e.g. by the API's Reasoner) skips the
        reasoner; `stop_after_plan` ends the run with PlanReady instead of building."""
        flag = cancel or threading.Event()
        events: queue.Queue[Any] = queue.Queue()
        run_id = new_run_id()

        def work() -> None:
            try:
                run = _Run(self, run_id, task, list(targets), flag, feedback, events.put)
                run.given_plan, run.stop_after_plan = plan, stop_after_plan
                run.execute()
            finally:
                # Before _DONE: once the caller has it, the process may start exiting, and torch's
                # thread-locals must not be freed by this thread's exit then (see models/threads.py).
                release_thread_locals()
                events.put(_DONE)

        worker = threading.Thread(target=work, name=f"ouroboros-{run_id}", daemon=True)
        worker.start()
        try:
            while True:
                item = events.get()
                if item is _DONE:
                    break
                yield item
        finally:
            if worker.is_alive():  # the caller stopped listening: stop the model too
                flag.set()
                worker.join(timeout=30)


class _Run:
    """One run's state; execute() emits events and never raises."""

    def __init__(self, pipe: Pipeline, run_id: str, task: str, targets: list[str],
                 cancel: threading.Event, feedback: str | None, emit: Any) -> None:
        self.pipe, self.repo, self.settings = pipe, pipe.repo, pipe.settings
        self.task, self.targets, self.cancel, self.feedback, self.emit = task, targets, cancel, feedback, emit
        self.record = RunRecord(run_id=run_id, task=task, targets=list(targets), repo=str(self.repo),
                                preset=self.settings.preset, safe_mode=self.settings.safe_mode)
        self.run_id = run_id
        self.started = time.perf_counter()
        self.usage: dict[str, list[GenerationResult]] = {"reasoner": [], "builder": []}
        self.levels: Any = None  # pipeline/gate_levels.LevelGate, made in _build
        self.given_plan: dict[str, Any] | None = None
        self.stop_after_plan = False

    # -- model calls ---------------------------------------------------------------------------
    def _forward(self, attempt: int) -> Any:
        def on_event(event: ModelEvent) -> None:
            if isinstance(event, TokenDelta):
                self.emit(ev.TokenDelta(self.run_id, event.role, event.text, event.tokens_so_far, attempt))
            elif isinstance(event, DiffusionDraft):
                self.emit(ev.DiffusionDraft(self.run_id, event.role, event.text, event.step,
                                            event.total_steps, event.masked, attempt))
            elif isinstance(event, LoadProgress):
                self.emit(ev.ModelLoading(self.run_id, event.role, event.model, event.message, event.fraction))
        return on_event

    def _call(self, generator: Generator, messages: list[Message], attempt: int = 0,
              max_new_tokens: int | None = None) -> GenerationResult:
        config = self.settings.models.get(generator.role)
        limit = max_new_tokens or (config.max_new_tokens if config else None)
        result = generator.generate(messages, on_event=self._forward(attempt), cancel=self.cancel,
                                    max_new_tokens=limit)
        self.usage.setdefault(generator.role, []).append(result)
        return result

    # -- the run -------------------------------------------------------------------------------
    def execute(self) -> None:
        record = self.record
        self.emit(ev.RunStarted(self.run_id, self.task, tuple(self.targets)))
        try:
            self._check_targets()
            context = self._compress()
            self._check_cancel()
            plan = self._plan(context) if self.given_plan is None else self._use_plan(self.given_plan)
            self._check_cancel()
            if self.stop_after_plan:
                self.emit(ev.PlanReady(self.run_id, dict(record.plan), tuple(self.targets)))
                return
            context = focus_targets(self.repo, self.task, record.plan, context, _token_counter(self.settings),
                                    fitted_budget(self.settings.builder, self.settings.budget_tokens,
                                                  _token_counter(self.settings), self.task, self.targets))
            outcome = self._build(plan, context)
            self._check_cancel()
            self._finish(outcome)
        except _Refused as exc:
            self._fail(str(exc), "refused")
        except (GenerationCancelled, Cancelled):
            self._fail("cancelled by the user", "cancelled")
        except ModelError as exc:
            self._fail(f"model error: {exc}", "failed")
        except _BadTarget as exc:
            self._fail(str(exc), "failed")
        except Exception as exc:  # never crash the caller: the run fails with the reason recorded
            self._fail(f"internal error: {type(exc).__name__}: {exc}", "failed")
        finally:
            if self.levels is not None:
                self.levels.close()
            record.timings["total_s"] = round(time.perf_counter() - self.started, 4)

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled()

    def _check_targets(self) -> None:
        clean: list[str] = []
        for target in self.targets:
            if (self.repo / target).is_dir():  # a usage mistake, not a safety matter
                raise _BadTarget(f"target {target} is a directory; name the files to change")
            try:
                path = check_path(self.repo, target)
            except UnsafePath as exc:
                raise _Refused(f"target {exc}") from exc
            if path in clean:
                continue
            try:
                self.record.base_hashes[path] = sha256_text(read_current(self.repo, path))
            except UnicodeDecodeError as exc:
                raise _Refused(f"target {path} is not UTF-8 text; Ouroboros edits text files only") from exc
            clean.append(path)
        self.targets = clean
        self.record.targets = clean

    def _compress(self) -> Any:
        from ouroboros_tui.pipeline.compressor import Stopped, compress

        self.emit(ev.StageStarted(self.run_id, "compressor"))
        start = time.perf_counter()
        counter = _token_counter(self.settings)
        try:
            budget = fitted_budget(self.settings.builder, self.settings.budget_tokens, counter, self.task,
                                   self.targets)
            context = compress(self.repo, self.task, self.targets, counter, budget,
                               counter_label=counter.label, max_file_bytes=self.settings.max_file_bytes,
                               cancel=self.cancel, write_cache=self.pipe.persist)
        except Stopped:
            raise Cancelled() from None
        elapsed = time.perf_counter() - start
        self.record.budget_report = context.report
        self.record.timings["compressor_s"] = round(elapsed, 4)
        report = context.report
        self.emit(ev.StageFinished(
            self.run_id, "compressor", elapsed, tokens=report["used"],
            detail=f"{len(report['kept'])} pieces kept, {report['dropped']['count']} dropped, "
                   f"{report['used']}/{report['budget']} tokens ({report['counter']})"
                   + (", reused" if report.get("reused") else ""),
        ))
        return context

    def _plan(self, context: Any) -> str:
        from ouroboros_tui.models.scripted import NoScriptForRole
        from ouroboros_tui.pipeline.prompts import plan_text

        generator = self.pipe.generator("reasoner")
        self.emit(ev.StageStarted(self.run_id, "reasoner", model=generator.model_label))
        start = time.perf_counter()
        has_role = getattr(generator, "has_role", None)
        has_script = has_role() if callable(has_role) else True
        try:
            result = make_plan(generator, self.task, self.targets, context.text,
                               lambda g, m: self._call(g, m), has_script=has_script)
            plan = result.plan
        except NoScriptForRole:
            plan = Plan(source="task", steps=[], text=self.task)
        elapsed = time.perf_counter() - start
        self.record.plan = plan
        self.record.timings["reasoner_s"] = round(elapsed, 4)
        tokens = sum(r.token_count for r in self.usage["reasoner"])
        self.emit(ev.StageFinished(self.run_id, "reasoner", elapsed, tokens=tokens,
                                   tokens_per_s=tokens / elapsed if elapsed > 0 else 0.0,
                                   ok=plan.get("source") != "fallback",
                                   detail=f"plan: {plan.get('source')}, {len(plan.get('steps', []))} steps"))
        return plan_text(plan, self.task)

    def _use_plan(self, plan: dict[str, Any]) -> str:
        """A plan made before this run (the API's Reasoner): recorded as is, no reasoner call."""
        from ouroboros_tui.pipeline.prompts import plan_text

        self.record.plan = cast(Plan, dict(plan))  # a plan a run of this pipeline made (the API's Reasoner)
        self.emit(ev.StageStarted(self.run_id, "reasoner"))
        self.emit(ev.StageFinished(self.run_id, "reasoner", 0.0,
                                   detail=f"plan given: {len(plan.get('steps', []))} steps"))
        return plan_text(self.record.plan, self.task)

    def _infill(self, generator: Generator, plan: str) -> Infill | None:
        """Region infill when the builder is masked diffusion and one definition's body is named."""
        config = self.settings.builder
        if generator.backend != "masked-diffusion" or config.backend != "masked-diffusion":
            self.record.plan["builder_mode"] = "edits"
            return None
        from ouroboros_tui.models.infill import count_tokens, infill
        from ouroboros_tui.pipeline.infill import choose_region
        from ouroboros_tui.source.tags import tags_for

        region, why = choose_region(self.repo, self.targets, self.record.plan.get("steps", []), self.task, tags_for)
        if region is None:
            self.record.plan["builder_mode"], self.record.plan["infill_skipped"] = "edits", why
            return None
        length = min(config.max_new_tokens, int(count_tokens(config, region.body) * 1.5) + 16)
        self.record.plan.update(Plan(builder_mode="infill", infill_region=region.describe(), infill_length=length))

        def fill(messages: list[Message], attempt: int) -> GenerationResult:
            result = infill(config, messages, region.before, region.after, length,
                            on_event=self._forward(attempt), cancel=self.cancel, seed=config.seed + attempt - 1)
            self.usage.setdefault("builder", []).append(result)
            return result

        return Infill(region=region, length=length, fill=fill)

    def _build(self, plan: str, context: Any) -> BuildOutcome:
        generator = self.pipe.generator("builder")
        counter = _token_counter(self.settings)
        texts = {t: read_current(self.repo, t) or "" for t in self.targets}
        edit_format = self.record.plan["edit_format"] = edit_format_for(self.settings.builder, counter, texts)
        size = answer_sizer(self.settings.builder, counter, edit_format, texts)

        def call(generator: Generator, messages: list[Message], attempt: int = 0) -> GenerationResult:
            self.record.plan["max_new_tokens"] = limit = size(messages)  # PromptTooLong: before generating
            return self._call(generator, messages, attempt, limit)

        start = time.perf_counter()
        outcome = BuildOutcome(attempts=self.record.attempts)  # shared: attempts survive a model error
        from ouroboros_tui.pipeline.gate_levels import LevelGate

        self.levels = LevelGate(self.repo, self.settings.gate_levels, self.settings.test_command,
                                self.settings.test_timeout_s, write=self.pipe.persist, cancel=self.cancel)
        self.record.safety = {"levels_run": list(self.settings.gate_levels)}
        build(
            repo=self.repo, run_id=self.run_id, task=self.task, plan=plan, context=context.text,
            targets=self.targets, generator=generator, call=call, emit=self.emit,
            max_attempts=self.settings.max_retry_attempts, safe_mode=self.settings.safe_mode,
            cancel=self.cancel, feedback=self.feedback, node_check=self.settings.node_cross_check,
            outcome=outcome, infill=self._infill(generator, plan), edit_format=edit_format,
            levels=self.levels,
        )
        self.record.timings["builder_s"] = round(time.perf_counter() - start, 4)
        self.record.timings["gate_ms"] = round(sum(a.gate_ms for a in outcome.attempts), 3)
        return outcome

    def _finish(self, outcome: BuildOutcome) -> None:
        from ouroboros_tui.source.grammar import language_for

        record = self.record
        if not outcome.ok:
            last = outcome.attempts[-1].failures if outcome.attempts else []
            reason = f"no valid patch after {len(outcome.attempts)} attempt(s)"
            if outcome.unsafe_paths:
                self._fail(f"{reason}; the model tried to edit outside the repository: "
                           f"{', '.join(sorted(set(outcome.unsafe_paths)))}", "refused", tuple(last))
            else:
                self._fail(reason, "failed", tuple(last))
            return
        for path, (before, _after) in outcome.changes.items():
            record.base_hashes.setdefault(path, sha256_text(before))
        patch = make_patch(outcome.changes, {p: language_for(p) for p in outcome.changes})
        levels = self._level_summary(outcome, patch)
        record.risk = score_outcome(outcome, patch, self.settings.max_retry_attempts,
                                    (levels["blocking"], levels["warnings"]))
        record.patch = patch
        # Models edit files they were not asked to; that is allowed (a new helper module), but the
        # reviewer must not miss it among the targets' hunks.
        others = [f.path for f in patch.files if f.path not in self.targets]
        if others:
            outcome.warnings.append(f"the patch also changes {', '.join(others)}, which "
                                    f"{'is not a target' if len(others) == 1 else 'are not targets'}")
        record.warnings = list(outcome.warnings)
        record.safety = syntax_safety(outcome)
        record.safety.update(levels)
        record.safety["passed"] = record.safety.get("passed", True) and not levels["blocking"]
        record.file_modifications = proposed_modifications(patch)
        record.status = "pending"
        self._models_used()
        self._save()
        self.emit(ev.PatchReady(self.run_id, patch, record, tuple(outcome.warnings)))

    def _level_summary(self, outcome: BuildOutcome, patch: Any) -> SafetyReport:
        """The gate levels of the attempt whose changes are kept; failures as warnings without safe mode."""
        from ouroboros_tui.pipeline.gate_levels import summarise, syntax_result

        results = self.levels.results_for(len(outcome.attempts)) or {"syntax": syntax_result(outcome.gate)}
        for level, result in results.items():
            if result.status == "fail" and level != "syntax":
                outcome.warnings.append(f"safe mode is off: the {level} level failed: "
                                        f"{result.detail or '; '.join(f.describe() for f in result.findings[:3])}")
        return summarise(results, patch)

    def _fail(self, reason: str, kind: FailureKind, details: tuple[str, ...] = ()) -> None:
        self.record.status = kind
        self.record.failure = reason
        self._models_used()
        try:
            self._save()
        except Exception as exc:  # saving must not hide why the run failed
            details = (*details, f"the run record could not be saved: {exc}")
        self.emit(ev.RunFailed(self.run_id, reason, kind, self.record, details))

    def _models_used(self) -> None:
        self.record.models_used.update(models_used(self.usage, self.settings.models, self.pipe._generators))

    def _save(self) -> None:
        if not self.pipe.persist:
            return
        from ouroboros_tui.runs.persist import save_record

        save_record(self.repo, self.record)


def _token_counter(settings: Settings) -> Any:
    from ouroboros_tui.models.tokens import token_counter

    return token_counter(settings.builder)
