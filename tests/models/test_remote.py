"""The remote backend against a real `transformers serve` on 127.0.0.1 serving the tiny model."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ouroboros_tui.config import ModelConfig
from ouroboros_tui.models import GenerationDone, ModelError, TokenDelta, make_generator
from ouroboros_tui.models.remote import sse_events

MESSAGES = [{"role": "user", "content": "def add(a, b):"}]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tiny_qwen_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(base_url, model name) of a `transformers serve` pinned to the tiny model, CPU, offline."""
    cli = shutil.which("transformers", path=str(Path(sys.executable).parent))
    if cli is None:
        pytest.skip("the transformers CLI is not installed (pip install 'transformers[serving]')")
    home = tmp_path_factory.mktemp("hf-home")
    (home / "hub").mkdir()
    port = free_port()
    env = {**os.environ, "HF_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    log = (home / "serve.log").open("w")
    proc = subprocess.Popen(
        [cli, "serve", str(tiny_qwen_dir), "--device", "cpu", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"transformers serve exited: {(home / 'serve.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("transformers serve did not come up within 120 s")
                time.sleep(0.5)
        yield f"{base}/v1", str(tiny_qwen_dir)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def remote(base_url: str, model: str, **kw) -> object:
    return make_generator(ModelConfig(role="builder", backend="remote", model=model, base_url=base_url,
                                      **{"max_new_tokens": 12, "temperature": 0.0, "timeout_s": 60.0, **kw}))


@pytest.mark.slow
@pytest.mark.xdist_group("transformers-serve")  # one server under pytest-xdist
def test_streams_chat_completions_from_a_real_server(served: tuple[str, str]) -> None:
    base_url, model = served
    events: list[object] = []
    result = remote(base_url, model).generate(MESSAGES, on_event=events.append)
    deltas = [e for e in events if isinstance(e, TokenDelta)]
    assert deltas and "".join(d.text for d in deltas) == result.text
    assert isinstance(events[-1], GenerationDone)
    assert 0 < result.token_count <= 12
    assert result.first_token_s is not None and result.backend == "remote"
    assert result.model == f"remote:{model}"


@pytest.mark.slow
@pytest.mark.xdist_group("transformers-serve")  # one server under pytest-xdist
def test_an_unserved_model_is_named_with_the_fix(served: tuple[str, str]) -> None:
    base_url, model = served
    with pytest.raises(ModelError) as info:
        remote(base_url, "nobody/not-served").generate(MESSAGES)
    message = str(info.value)
    assert "nobody/not-served" in message and "[models.builder]" in message
    assert f"It serves: {model}" in message


@pytest.mark.slow
@pytest.mark.xdist_group("transformers-serve")  # one server under pytest-xdist
def test_a_timeout_names_the_setting(served: tuple[str, str]) -> None:
    base_url, model = served
    with pytest.raises(ModelError, match="timeout_s"):
        remote(base_url, model, timeout_s=0.1, max_new_tokens=2000).generate(MESSAGES)


@pytest.mark.slow
@pytest.mark.xdist_group("transformers-serve")  # one server under pytest-xdist
def test_a_base_url_without_the_api_path_says_to_add_v1(served: tuple[str, str]) -> None:
    """It said the server "does not serve model" the server was pinned to."""
    base_url, model = served
    root = base_url.removesuffix("/v1")
    with pytest.raises(ModelError) as info:
        remote(root, model).generate(MESSAGES)
    message = str(info.value)
    assert "does not serve" not in message
    assert f'base_url = "{root}/v1"' in message and "[models.builder]" in message


def test_connection_refused_names_the_url_and_how_to_start_a_server() -> None:
    base_url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(ModelError) as info:
        remote(base_url, "Qwen/Qwen2.5-Coder-0.5B-Instruct").generate(MESSAGES)
    message = str(info.value)
    assert base_url in message and "transformers serve" in message and "base_url" in message


def test_missing_api_key_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUROBOROS_TEST_KEY", raising=False)
    with pytest.raises(ModelError, match="OUROBOROS_TEST_KEY"):
        remote("http://127.0.0.1:9/v1", "m", api_key_env="OUROBOROS_TEST_KEY").generate(MESSAGES)


def test_sse_parser_joins_data_lines_and_stops_at_done() -> None:
    lines = [b'data: {"a": 1}\n', b"\n", b": keep-alive\n", b"\n", b'data: {"b":\n', b"data: 2}\n", b"\n",
             b"data: [DONE]\n", b"\n", b'data: {"never": 1}\n', b"\n"]
    assert list(sse_events(iter(lines))) == [{"a": 1}, {"b": 2}]
