"""The shape of ouroboros.toml: every key, its type, what values are allowed, and the presets.

Kept apart from config.py so the schema reads as documentation and `config init` can render
comments from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BACKENDS = ("autoregressive", "masked-diffusion", "block-diffusion", "remote", "scripted")
PRESETS = ("fast", "balanced", "quality")
EDIT_FORMATS = ("search-replace", "whole", "diff", "auto")
REMASKING = ("low_confidence", "entropy", "margin", "random")
ROLES = ("reasoner", "builder")


@dataclass(frozen=True)
class Key:
    """One setting: its type, allowed values or range, default, and a comment for `config init`."""

    type: type | tuple[type, ...]
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    nullable: bool = False
    pattern: str | None = None  # a string value must match this regex in full…
    pattern_text: str = ""  # …and this says what that allows, for the error message
    item_choices: tuple[Any, ...] | None = None  # a list value: each item must be one of these

    def describe(self) -> str:
        if self.item_choices:
            return "a list of " + ", ".join(repr(c) for c in self.item_choices)
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kind = self.type if isinstance(self.type, type) else self.type[0]
        name = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}.get(
            kind, kind.__name__
        )
        if self.minimum is not None and self.maximum is not None:
            name += f" from {self.minimum} to {self.maximum}"
        elif self.minimum is not None:
            name += f" of at least {self.minimum}"
        return name


PIPELINE_KEYS: dict[str, Key] = {
    "preset": Key(str, "balanced", "model and sampler preset", choices=PRESETS),
    "safe_mode": Key(bool, True, "block patches the safety gate rejects (false: show them as warnings)"),
    "max_retry_attempts": Key(int, 3, "builder attempts before the run fails", minimum=1, maximum=20),
    "max_risk": Key(float, 0.3, "--auto-apply refuses runs riskier than this", minimum=0.0, maximum=1.0),
    "run_git_hooks": Key(bool, True, "run the repository's git hooks when committing"),
    "node_cross_check": Key(bool, True, "JavaScript/TypeScript verdicts from node's own parsers when node is on PATH"),
}

MODEL_KEYS: dict[str, Key] = {
    "backend": Key(str, "autoregressive", "how the model generates", choices=BACKENDS),
    "model": Key(str, "", "hub id or local directory (remote: the served model name)"),
    # Checked here, not at load time: torch's own error for "gpu" reached the user as "does not fit".
    "device": Key(str, "auto", "auto (cuda > mps > cpu), cpu, cuda, cuda:1, mps",
                  pattern=r"auto|cpu|mps|cuda(:\d+)?", pattern_text="auto, cpu, mps, cuda or cuda:N (e.g. cuda:1)"),
    "dtype": Key(str, "auto", "weights dtype", choices=("auto", "bfloat16", "float16", "float32")),
    "trust_remote_code": Key(bool, False, "allow the checkpoint's own Python code (off unless you trust it)"),
    "max_new_tokens": Key(int, 1024, "most tokens one call generates", minimum=1, maximum=131072),
    "edit_format": Key(str, "auto", "builder: answer shape to ask for (auto: whole files from models under 7B or "
                       "for small files); all are accepted", choices=EDIT_FORMATS),
    # The model's context window is read from its config; 0 = read it (or no limit for scripted/remote).
    "context_window": Key(int, 0, "tokens of prompt + answer the model takes (0 = from the model's config)",
                          minimum=0),
    "temperature": Key(float, 0.2, "sampling temperature (0 = greedy)", minimum=0.0, maximum=5.0),
    "top_p": Key(float, 0.95, "nucleus sampling mass", minimum=0.0, maximum=1.0),
    "seed": Key(int, 0, "random seed for reproducible sampling", minimum=0),
    "steps": Key(int, 64, "diffusion: denoising steps", minimum=1, maximum=4096),
    "block_length": Key(int, 32, "diffusion: semi-autoregressive block length", minimum=1),
    "remasking": Key(str, "low_confidence", "diffusion: which tokens stay masked", choices=REMASKING),
    "threshold": Key(
        float, 0.0, "diffusion: commit every token above this confidence (0 = fixed schedule)",
        minimum=0.0, maximum=1.0,
    ),
    "shift_logits": Key(bool, False, "diffusion: token i is predicted at position i-1 (Dream, DiffuCoder)"),
    "mask_token_id": Key(int, -1, "diffusion: mask token id (-1 = from the tokenizer or config)", minimum=-1),
    # Without a scheme urllib said "unknown url type" and the message said to start a server.
    "base_url": Key(str, "http://127.0.0.1:8000/v1", "remote: OpenAI-compatible endpoint",
                    pattern=r"https?://\S+", pattern_text="an http:// or https:// URL such as http://127.0.0.1:8000/v1"),
    "api_key_env": Key(str, "", "remote: environment variable holding the API key"),
    "timeout_s": Key(float, 120.0, "remote: seconds before a request is abandoned", minimum=0.1),
    "script": Key(str, "", "scripted: JSON Lines file of canned responses (tests and demos only)"),
}

COMPRESSOR_KEYS: dict[str, Key] = {
    "budget_tokens": Key(int, 6000, "context budget in the builder tokenizer's tokens", minimum=256),
    "max_file_bytes": Key(int, 512_000, "files larger than this are summarised, never inlined", minimum=1024),
}

TUI_KEYS: dict[str, Key] = {
    "theme": Key(str, "ouroboros-dark", "theme name (themes/*.toml or a Textual built-in)"),
}

GATE_LEVELS = ("syntax", "semantic", "security", "tests")
GATE_KEYS: dict[str, Key] = {
    "levels": Key(list, [], "gate levels to run ([] = safe mode's: syntax, semantic, security, and tests "
                            "when test_command is set; syntax always runs)", item_choices=GATE_LEVELS),
    "test_command": Key(str, "", "the repository's test command for the tests level, run in an isolated git "
                                 "worktree of HEAD + the change (e.g. \"python -m pytest -q\"; empty: no tests level)"),
    "test_timeout_s": Key(float, 300.0, "seconds before the test command is stopped", minimum=1.0, maximum=7200.0),
}

SECTIONS: dict[str, dict[str, Key]] = {
    "pipeline": PIPELINE_KEYS,
    "compressor": COMPRESSOR_KEYS,
    "tui": TUI_KEYS,
    "gate": GATE_KEYS,
}

# Real public checkpoints per preset and role. Explicit settings in any file win over these.
# Sizes and GPU memory are listed in the README's preset table.
PRESET_MODELS: dict[str, dict[str, dict[str, Any]]] = {
    "fast": {  # runs on a laptop CPU
        "reasoner": {"backend": "autoregressive", "model": "Qwen/Qwen2.5-Coder-0.5B-Instruct",
                     "max_new_tokens": 256, "temperature": 0.0},
        "builder": {"backend": "autoregressive", "model": "Qwen/Qwen2.5-Coder-0.5B-Instruct",
                    "max_new_tokens": 768, "temperature": 0.0, "edit_format": "whole"},
    },
    "balanced": {  # one 24 GB GPU
        "reasoner": {"backend": "autoregressive", "model": "Qwen/Qwen2.5-Coder-1.5B-Instruct",
                     "max_new_tokens": 384, "temperature": 0.0},
        "builder": {"backend": "autoregressive", "model": "Qwen/Qwen2.5-Coder-7B-Instruct",
                    "max_new_tokens": 1024, "temperature": 0.2, "edit_format": "auto"},
    },
    "quality": {  # one 80 GB GPU: both roles share one bf16 copy of the 32B (~66 GB); 7B + 32B would not fit
        "reasoner": {"backend": "autoregressive", "model": "Qwen/Qwen2.5-Coder-32B-Instruct",
                     "max_new_tokens": 512, "temperature": 0.0},
        "builder": {"backend": "autoregressive", "model": "Qwen/Qwen2.5-Coder-32B-Instruct",
                    "max_new_tokens": 2048, "temperature": 0.2, "edit_format": "search-replace"},
    },
}
