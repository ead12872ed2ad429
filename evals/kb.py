"""Retrieval quality of the knowledge base on the demo help centre: top-1, MRR and abstention.

    python -m evals.kb                    # all splits, prints the table
    python -m evals.kb --split heldout

The questions (evals/datasets/kb_questions.jsonl) name the article that answers them; the out-of-scope ones
(kb_out_of_scope.jsonl) must be refused: the bot answers only when the top hit scores above the threshold.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.base import KnowledgeBase
from knowledge.config import KnowledgeConfig
from knowledge.embeddings import Embedder

ROOT = Path(__file__).resolve().parent.parent
HELP_CENTRE = ROOT / "demo" / "help_centre"
DATASETS = Path(__file__).resolve().parent / "datasets"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def questions(split: str | None = None) -> tuple[list[dict], list[dict]]:
    """(in-scope questions, out-of-scope questions), optionally of one split."""
    inside = read_jsonl(DATASETS / "kb_questions.jsonl")
    outside = read_jsonl(DATASETS / "kb_out_of_scope.jsonl")
    if split:
        inside = [q for q in inside if q["split"] == split]
        outside = [q for q in outside if q["split"] == split]
    return inside, outside


def article_of(source: str) -> str:
    return Path(source).resolve().relative_to(HELP_CENTRE.resolve()).as_posix()


def build_help_centre(data_dir: Path, embedder: Embedder | None = None) -> KnowledgeBase:
    kb = KnowledgeBase(KnowledgeConfig(data_dir=data_dir), embedder=embedder)
    report = kb.ingest_paths([HELP_CENTRE])
    if report.failed:
        raise RuntimeError(f"help centre did not ingest cleanly: {report.failed}")
    return kb


@dataclass
class Observation:
    question: str
    expected: str | None  # None: out of scope
    ranked: list[str]  # articles, best first
    signals: list[float]  # of the top hit
    score: float  # calibrated score of the top hit

    @property
    def top1_correct(self) -> bool:
        return self.expected is not None and bool(self.ranked) and self.ranked[0] == self.expected


@dataclass
class Metrics:
    top1: float
    mrr: float
    recall_at_5: float
    abstention: float  # out-of-scope questions refused
    false_abstention: float  # in-scope questions refused
    answered_correctly: float  # in-scope: answered, and the top article is the right one
    counts: dict = field(default_factory=dict)


def observe(kb: KnowledgeBase, inside: list[dict], outside: list[dict]) -> list[Observation]:
    observations = []
    for item, expected in [(q, q["article"]) for q in inside] + [(q, None) for q in outside]:
        result = kb.search(item["question"], k=5)
        ranked = [article_of(h.source) for h in result.hits]
        top_signals = result.signals[0] if result.signals else [0.0, 0.0, 0.0, 0.0]
        top_score = result.hits[0].score if result.hits else 0.0
        observations.append(Observation(item["question"], expected, ranked, top_signals, top_score))
    return observations


def measure(observations: list[Observation], threshold: float) -> Metrics:
    inside = [o for o in observations if o.expected is not None]
    outside = [o for o in observations if o.expected is None]
    reciprocal = [1.0 / (o.ranked.index(o.expected) + 1) if o.expected in o.ranked else 0.0 for o in inside]
    return Metrics(
        top1=sum(o.top1_correct for o in inside) / max(len(inside), 1),
        mrr=sum(reciprocal) / max(len(inside), 1),
        recall_at_5=sum(o.expected in o.ranked for o in inside) / max(len(inside), 1),
        abstention=sum(o.score < threshold for o in outside) / max(len(outside), 1),
        false_abstention=sum(o.score < threshold for o in inside) / max(len(inside), 1),
        answered_correctly=sum(o.score >= threshold and o.top1_correct for o in inside) / max(len(inside), 1),
        counts={"in_scope": len(inside), "out_of_scope": len(outside)},
    )


def table(rows: dict[str, Metrics]) -> str:
    lines = [
        "| split | in-scope | out-of-scope | top-1 | MRR | recall@5 | abstention (OOS refused) | false abstention | answered correctly |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in rows.items():
        lines.append(
            f"| {name} | {m.counts['in_scope']} | {m.counts['out_of_scope']} | {m.top1:.3f} | {m.mrr:.3f} | {m.recall_at_5:.3f} "
            f"| {m.abstention:.3f} | {m.false_abstention:.3f} | {m.answered_correctly:.3f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["dev", "heldout"], default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kb = build_help_centre(Path(tmp))
        rows = {}
        for split in ([args.split] if args.split else ["dev", "heldout"]):
            rows[split] = measure(observe(kb, *questions(split)), kb.calibration.threshold)
        print(f"threshold {kb.calibration.threshold:.3f}\n")
        print(table(rows))
        kb.close()


if __name__ == "__main__":
    main()
