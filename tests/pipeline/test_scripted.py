"""The scripted backend: the mock-script contract (docs/models.md)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from ouroboros_tui.config import ModelConfig
from ouroboros_tui.models import make_generator
from ouroboros_tui.models.base import GenerationCancelled, ModelError, ModelEvent, TokenDelta
from ouroboros_tui.models.scripted import NoScriptForRole


def _script(tmp_path: Path, lines: list[dict[str, str]] | str) -> Path:
    path = tmp_path / "script.jsonl"
    body = lines if isinstance(lines, str) else "\n".join(json.dumps(x) for x in lines) + "\n"
    path.write_text(body)
    return path


def _gen(path: Path, role: str = "builder"):  # type: ignore[no-untyped-def]
    return make_generator(ModelConfig(role=role, backend="scripted", model="", script=str(path)))


def test_lines_used_in_order_and_streamed_word_by_word(tmp_path: Path) -> None:
    path = _script(tmp_path, [{"role": "builder", "text": "first answer\nhere"},
                              {"role": "reasoner", "text": "plan"},
                              {"role": "builder", "text": "second"}])
    gen = _gen(path)
    assert gen.model_label == "scripted:script.jsonl"
    seen: list[ModelEvent] = []
    first = gen.generate([{"role": "user", "content": "x"}], on_event=seen.append)
    deltas = [e for e in seen if isinstance(e, TokenDelta)]
    assert first.text == "first answer\nhere"
    assert "".join(d.text for d in deltas) == first.text and len(deltas) == 3
    assert gen.generate([]).text == "second"
    with pytest.raises(ModelError, match=r"script\.jsonl.*no 'builder' responses left"):
        gen.generate([])


def test_role_absent_is_pass_through(tmp_path: Path) -> None:
    gen = _gen(_script(tmp_path, [{"role": "builder", "text": "x"}]), role="reasoner")
    assert gen.has_role() is False
    with pytest.raises(NoScriptForRole):
        gen.generate([])


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    path = _script(tmp_path, '{"role": "builder", "text": "ok"}\n{not json\n')
    with pytest.raises(ModelError, match=r"script\.jsonl, line 2"):
        _gen(path).generate([])


def test_unknown_role_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="line 1"):
        _gen(_script(tmp_path, [{"role": "critic", "text": "x"}])).generate([])
    with pytest.raises(ModelError, match="does not exist"):
        _gen(tmp_path / "nope.jsonl").generate([])


def test_cancel_stops_with_partial_text(tmp_path: Path) -> None:
    gen = _gen(_script(tmp_path, [{"role": "builder", "text": "one two three four"}]))
    cancel = threading.Event()

    def stop_after_two(event: ModelEvent) -> None:
        if isinstance(event, TokenDelta) and event.tokens_so_far == 2:
            cancel.set()

    with pytest.raises(GenerationCancelled) as info:
        gen.generate([], on_event=stop_after_two, cancel=cancel)
    assert info.value.partial_text == "one two "
