"""Chat messages → prompt token ids, and token ids → text for streaming and drafts."""

from __future__ import annotations

from typing import Any

from ouroboros_tui.models.base import Message


def fallback_prompt(messages: list[Message]) -> str:
    """Plain formatting for tokenizers without a chat template (base models, tiny test models)."""
    lines = [f"{m.get('role', 'user').capitalize()}: {m.get('content', '')}" for m in messages]
    return "\n\n".join([*lines, "Assistant:"])


def encode_chat(tokenizer: Any, messages: list[Message]) -> list[int]:
    """The tokenizer's own chat template with the generation prompt, else `fallback_prompt`."""
    if getattr(tokenizer, "chat_template", None):
        encoded = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True)
        ids = encoded["input_ids"] if isinstance(encoded, dict) or hasattr(encoded, "keys") else encoded
        return [int(i) for i in ids]
    return [int(i) for i in tokenizer(fallback_prompt(messages), add_special_tokens=True)["input_ids"]]


def stop_token_ids(tokenizer: Any, model: Any) -> list[int]:
    """EOS ids from the generation config and the tokenizer (chat models often have two)."""
    ids: list[int] = []
    gen_eos = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    for value in (gen_eos, tokenizer.eos_token_id):
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            if int(item) not in ids:
                ids.append(int(item))
    return ids


class IncrementalDecoder:
    """Decode a growing list of ids into text deltas without re-decoding the whole answer each
    token, and without emitting half a multi-byte character (the TGI prefix/read offset trick)."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.ids: list[int] = []
        self.prefix_offset = 0
        self.read_offset = 0

    def push(self, token_id: int) -> str:
        self.ids.append(token_id)
        decode = self.tokenizer.decode
        prefix = decode(self.ids[self.prefix_offset : self.read_offset], skip_special_tokens=True)
        full = decode(self.ids[self.prefix_offset :], skip_special_tokens=True)
        if len(full) > len(prefix) and not full.endswith("\ufffd"):
            self.prefix_offset = self.read_offset
            self.read_offset = len(self.ids)
            return full[len(prefix) :]
        return ""
