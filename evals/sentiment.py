"""Ticket intelligence quality: sentiment, urgency and category on customer-service texts nobody trained on.

    python -m evals.sentiment                  # the shipped scorer on both held-out sets
    python -m evals.sentiment --compare        # ... next to a VADER lexicon and keyword rules
    python -m evals.sentiment --compare --report evals/reports/sentiment.md

Held-out sets: evals/datasets/sentiment_eval.jsonl (written for evaluation only, by a writer who did not see the
training data) and the demo tickets in crm_core/demo/data/tickets.json (labelled by their own writer; not used in
training either). Reported per task: accuracy, macro-recall, recall per class and the confusion matrix.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from evals.kb import read_jsonl
from sentiment.labels import TASKS

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = Path(__file__).resolve().parent / "datasets" / "sentiment_eval.jsonl"
DEMO_TICKETS = ROOT / "crm_core" / "demo" / "data" / "tickets.json"


def eval_rows() -> list[dict]:
    return read_jsonl(EVAL_SET)


def demo_ticket_rows() -> list[dict]:
    tickets = json.loads(DEMO_TICKETS.read_text(encoding="utf-8"))
    return [{"text": f"{t['subject']}\n\n{t['description']}", **{task: t[task] for task in TASKS}} for t in tickets]


@dataclass
class TaskMetrics:
    labels: tuple[str, ...]
    accuracy: float
    macro_recall: float
    recall: dict[str, float]
    confusion: list[list[int]]  # rows: expected label, columns: predicted label
    support: int

    def table(self) -> str:
        width = max(len(label) for label in self.labels) + 2
        head = "expected \\ predicted".ljust(width + 4) + "".join(label[:10].rjust(11) for label in self.labels)
        lines = [head]
        for label, row in zip(self.labels, self.confusion):
            lines.append(label.ljust(width + 4) + "".join(str(n).rjust(11) for n in row))
        return "\n".join(lines)


def task_metrics(labels: tuple[str, ...], expected: list[str], predicted: list[str]) -> TaskMetrics:
    index = {label: i for i, label in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    for e, p in zip(expected, predicted):
        confusion[index[e]][index[p]] += 1
    recall = {label: (confusion[i][i] / sum(confusion[i])) for i, label in enumerate(labels) if sum(confusion[i])}
    correct = sum(confusion[i][i] for i in range(len(labels)))
    return TaskMetrics(labels=labels, accuracy=correct / len(expected), macro_recall=sum(recall.values()) / len(recall),
                       recall=recall, confusion=confusion, support=len(expected))


def predictions_of(scorer, texts: list[str]) -> dict[str, list[str]]:
    results = scorer.score(texts)
    return {"sentiment": [r.label for r in results], "urgency": [r.urgency for r in results],
            "category": [r.category for r in results]}


def evaluate(predictions: dict[str, list[str]], rows: list[dict]) -> dict[str, TaskMetrics]:
    return {task: task_metrics(TASKS[task], [r[task] for r in rows], predictions[task])
            for task in TASKS if task in predictions}


# Baselines, measured the same way, so that the shipped choice is justified by numbers.

def vader_predictions(texts: list[str]) -> dict[str, list[str]]:
    """The VADER lexicon with its documented thresholds (compound >= 0.05 positive, <= -0.05 negative)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    labels = []
    for text in texts:
        compound = analyzer.polarity_scores(text)["compound"]
        labels.append("positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral")
    return {"sentiment": labels}


URGENCY_RULES = [
    ("urgent", ("down", "outage", "asap", "urgent", "emergency", "immediately", "right now", "data loss", "lost all",
                "hacked", "breach", "compromised", "production", "suspended", "nobody can", "no one can")),
    ("high", ("today", "tomorrow", "deadline", "blocked", "can't", "cannot", "again", "still", "charged twice",
              "third time", "escalat")),
    ("low", ("thanks", "thank you", "love", "great", "suggestion", "would be nice", "whenever", "no rush", "idea")),
]
CATEGORY_RULES = [
    ("outage", ("outage", "down for everyone", "status page", "incident", "is down", "sla credit", "all users")),
    ("billing", ("invoice", "charge", "charged", "refund", "billing", "payment", "vat", "card", "price", "renewal",
                 "subscription", "seat")),
    ("account", ("password", "login", "log in", "sign in", "2fa", "two-factor", "locked", "sso", "saml", "scim",
                 "owner", "delete my account", "email address")),
    ("feature_request", ("feature", "would be nice", "please add", "could you add", "wish", "roadmap", "support for")),
    ("bug", ("error", "bug", "broken", "doesn't work", "not working", "fails", "failed", "crash", "wrong", "missing",
             "blank", "not loading")),
    ("how_to", ("how do", "how can", "how to", "where do", "where can", "is it possible", "can i", "is there a way")),
]


def rule_predictions(texts: list[str]) -> dict[str, list[str]]:
    """Transparent keyword rules for urgency and category: the first rule with a matching phrase wins."""
    def first(rules, text, default):
        lowered = text.lower()
        return next((label for label, phrases in rules if any(p in lowered for p in phrases)), default)

    return {"urgency": [first(URGENCY_RULES, t, "normal") for t in texts],
            "category": [first(CATEGORY_RULES, t, "other") for t in texts]}


def run(compare: bool) -> list[tuple[str, str, dict[str, TaskMetrics]]]:
    """[(dataset, method, metrics per task)]"""
    from sentiment.backends import load_scorer

    scorer = load_scorer()
    results = []
    for dataset, rows in (("sentiment_eval", eval_rows()), ("demo_tickets", demo_ticket_rows())):
        texts = [r["text"] for r in rows]
        results.append((dataset, scorer.name, evaluate(predictions_of(scorer, texts), rows)))
        if compare:
            results.append((dataset, "vader-lexicon", evaluate(vader_predictions(texts), rows)))
            results.append((dataset, "keyword-rules", evaluate(rule_predictions(texts), rows)))
    return results


def report(results) -> str:
    lines = ["| dataset | method | task | n | accuracy | macro-recall |", "|---|---|---|---:|---:|---:|"]
    for dataset, method, metrics in results:
        for task, m in metrics.items():
            lines.append(f"| {dataset} | {method} | {task} | {m.support} | {m.accuracy:.3f} | {m.macro_recall:.3f} |")
    shipped = [(d, m, t) for d, m, t in results if m not in ("vader-lexicon", "keyword-rules")]
    for dataset, method, metrics in shipped:
        for task, m in metrics.items():
            lines += ["", f"### {dataset} · {task} ({method})", "",
                      "recall per class: " + ", ".join(f"{k} {v:.2f}" for k, v in m.recall.items()), "",
                      "```", m.table(), "```"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", action="store_true", help="also measure a VADER lexicon and keyword rules")
    parser.add_argument("--report", type=Path, help="write the Markdown report to this file")
    args = parser.parse_args()
    text = report(run(args.compare))
    print(text)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text("# Ticket intelligence evaluation\n\nProduced by `python -m evals.sentiment"
                               + (" --compare" if args.compare else "") + f" --report {args.report}`.\n\n" + text)


if __name__ == "__main__":
    main()
