"""The compressor on a real multi-file repository made here, with real tree-sitter and the tiny
model's real tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest

from ouroboros_tui.config import ModelConfig
from ouroboros_tui.models.tokens import TokenCounter, estimate_tokens, token_counter
from ouroboros_tui.pipeline.compressor import compress
from ouroboros_tui.source.graph import SymbolGraph
from tests.conftest import git

FILES = {
    "shop/orders.py": (
        "from shop.pricing import apply_discount\nfrom shop.tax import vat_for\n\n\n"
        "def order_total(items, country):\n"
        "    subtotal = sum(i.price * i.qty for i in items)\n"
        "    return apply_discount(subtotal) * (1 + vat_for(country))\n\n\n"
        "class OrderBook:\n    def add(self, order):\n        self.orders.append(order)\n"
    ),
    "shop/pricing.py": "def apply_discount(amount):\n    return amount * 0.9 if amount > 100 else amount\n",
    "shop/tax.py": "RATES = {'de': 0.19, 'fr': 0.2}\n\n\ndef vat_for(country):\n    return RATES.get(country, 0.0)\n",
    "web/checkout.py": (
        "from shop.orders import order_total, OrderBook\n\n\n"
        "def checkout(cart, user):\n    book = OrderBook()\n    return order_total(cart.items, user.country)\n"
    ),
    "web/report.ts": (
        "export function monthlyReport(rows: Row[]): string {\n  return rows.map(r => r.name).join(',');\n}\n"
        "interface Row { name: string }\n"
    ),
    "tools/colors.py": "def hex_to_rgb(value):\n    return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))\n",
    "tools/strings.go": "package tools\n\nfunc Reverse(s string) string {\n\treturn s\n}\n",
    "lib/geometry.rs": "pub fn area(w: f64, h: f64) -> f64 {\n    w * h\n}\n",
}
CALLERS_AND_CALLEES = {"shop/pricing.py", "shop/tax.py", "web/checkout.py"}
UNRELATED = {"web/report.ts", "tools/colors.py", "tools/strings.go", "lib/geometry.rs"}


@pytest.fixture
def shop(git_repo: Path) -> Path:
    for path, text in FILES.items():
        (git_repo / path).parent.mkdir(parents=True, exist_ok=True)
        (git_repo / path).write_text(text)
    (git_repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0binary")
    (git_repo / "latin1.py").write_bytes("name = 'caf\xe9'\n".encode("latin-1"))
    (git_repo / ".gitignore").write_text("build/\n")
    (git_repo / "build").mkdir()
    (git_repo / "build" / "generated.py").write_text("def order_total():\n    pass\n")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "shop")
    return git_repo


def estimate() -> TokenCounter:
    return TokenCounter(estimate_tokens, "estimate", exact=False)


def test_callers_and_callees_rank_above_unrelated_files(shop: Path) -> None:
    ctx = compress(shop, "make order_total round to cents", ["shop/orders.py"], estimate(), 4000)
    rank = dict(ctx.ranking)
    assert min(rank[p] for p in CALLERS_AND_CALLEES) > max(rank.get(p, 0.0) for p in UNRELATED)
    kept = ctx.report["kept"]
    assert kept[0] == {"path": "shop/orders.py", "kind": "whole", "why": "target", "tokens": kept[0]["tokens"]}
    assert {e["path"] for e in kept} == {"shop/orders.py"} | CALLERS_AND_CALLEES  # nothing unrelated
    why: dict[str, str] = {}
    for entry in kept:
        why.setdefault(entry["path"], entry["why"])
    assert why["shop/pricing.py"] == "defines apply_discount, used by the target"
    assert why["web/checkout.py"] == "calls order_total of the target"  # the one the task names
    assert "return amount * 0.9 if amount > 100 else amount" in ctx.text  # the callee's body
    # The caller's outline shows how it calls the target.
    assert "return order_total(cart.items, user.country)" in ctx.text
    assert FILES["shop/orders.py"] in ctx.text


def test_ignored_binary_and_non_utf8_files_are_skipped_and_reported(shop: Path) -> None:
    ctx = compress(shop, "x", ["shop/orders.py"], estimate(), 4000)
    assert ctx.skipped["logo.png"] == "binary" and ctx.skipped["latin1.py"] == "not UTF-8"
    assert ctx.report["skipped"]["by_reason"] == {"binary": 1, "not UTF-8": 1}
    assert "build/generated.py" not in ctx.text
    assert all("build/" not in p for p, _ in ctx.ranking)


def test_small_budget_truncates_the_target_and_drops_the_rest(shop: Path) -> None:
    ctx = compress(shop, "x", ["shop/orders.py"], estimate(), 60)
    first = ctx.report["kept"][0]
    assert first["kind"] == "truncated" and 0 < first["lines_kept"] < first["lines_total"]
    assert estimate_tokens(ctx.text) <= 60
    assert {d["path"] for d in ctx.dropped} >= CALLERS_AND_CALLEES
    assert ctx.report["dropped"]["count"] == len(ctx.dropped)


@pytest.mark.slow
def test_budget_never_exceeded_by_the_tokenizers_own_count(shop: Path, tiny_qwen_dir: Path) -> None:
    counter = token_counter(ModelConfig(role="builder", backend="autoregressive", model=str(tiny_qwen_dir)))
    assert counter.exact and counter.label.startswith("tokenizer:")
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_qwen_dir))
    for budget in (40, 90, 150, 260, 400, 900, 5000):
        ctx = compress(shop, "make order_total round to cents", ["shop/orders.py"], counter, budget,
                       counter_label=counter.label)
        own = len(tokenizer.encode(ctx.text, add_special_tokens=False))
        assert own <= budget, (budget, own)
        assert ctx.report["used"] == own and ctx.report["budget"] == budget
    # The largest budget fits everything near the target.
    assert {e["path"] for e in ctx.report["kept"]} >= CALLERS_AND_CALLEES


class _Tags:
    def __init__(self, names: list[str], refs: dict[str, int]) -> None:
        self.names, self.refs = names, refs


def test_local_pagerank_stays_in_the_seeds_neighbourhood() -> None:
    files = {"a": _Tags(["fa"], {"fb": 1}), "b": _Tags(["fb"], {}), "c": _Tags(["fc"], {"fd": 1}),
             "d": _Tags(["fd"], {})}
    rank = SymbolGraph.from_tags(files).rank({"a": 1.0})
    assert rank["a"] > rank["b"] > 0 and "c" not in rank and "d" not in rank
    assert abs(sum(rank.values()) - 1.0) < 1e-3


def test_names_defined_in_many_files_make_no_edges() -> None:
    files = {f"f{i}": _Tags(["run"], {}) for i in range(40)}
    files["t"] = _Tags(["main"], {"run": 5, "helper": 1})
    files["h"] = _Tags(["helper"], {})
    rank = SymbolGraph.from_tags(files).rank({"t": 1.0})
    assert set(rank) == {"t", "h"}


def test_counters_without_a_local_tokenizer_say_they_estimate() -> None:
    scripted = token_counter(ModelConfig(role="builder", backend="scripted", model="", script="x.jsonl"))
    assert not scripted.exact and "estimate" in scripted.label and scripted("abcdef") == 2
    absent = token_counter(ModelConfig(role="builder", backend="autoregressive", model="nobody/not-a-model-xyz"))
    assert not absent.exact and "not downloaded" in absent.label


def test_ranking_follows_references_across_typescript_files(git_repo: Path) -> None:
    files = {
        "web/api.ts": "import { buildUrl } from './url';\nexport function fetchUser(id: string) {\n"
                      "  return fetch(buildUrl('/users', id));\n}\n",
        "web/url.ts": "export function buildUrl(base: string, id: string): string {\n  return base + '/' + id;\n}\n",
        "web/page.tsx": "import { fetchUser } from './api';\nexport function Page() {\n  fetchUser('1');\n"
                        "  return null;\n}\n",
        "src/Main.java": "public class Main {\n  public static void main(String[] args) { greet(); }\n"
                         "  static void greet() {}\n}\n",
        "cmd/tool.go": "package main\n\nfunc Run() int {\n\treturn 1\n}\n",
    }
    for path, text in files.items():
        (git_repo / path).parent.mkdir(parents=True, exist_ok=True)
        (git_repo / path).write_text(text)
    ctx = compress(git_repo, "retry fetchUser on errors", ["web/api.ts"], estimate(), 2000)
    rank = dict(ctx.ranking)
    assert min(rank["web/url.ts"], rank["web/page.tsx"]) > 0
    assert "src/Main.java" not in rank and "cmd/tool.go" not in rank  # never reached from the target
    assert "fetchUser('1');" in ctx.text  # how the caller calls it
    assert "export function buildUrl(base: string, id: string): string {" in ctx.text  # the callee's signature
