"""Fit the relevance score and choose the "I don't know" threshold on the dev questions.

    python -m evals.kb_calibrate            # writes knowledge/calibration.json and prints the trade-off

Label of a question = 1 when it is in scope and the top hit is the right article, else 0 (answering an
out-of-scope question, or citing the wrong article, are both mistakes). A logistic regression on the top
hit's signals gives P(correct answer); the threshold maximises correct decisions (answer right, or refuse)
on the dev split. The held-out split is measured, never fitted.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from evals.kb import build_help_centre, measure, observe, questions, table
from knowledge.relevance import Calibration


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 50) -> tuple[np.ndarray, float]:
    """Newton's method on the regularised log-loss (a few features: exact and fast)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        gradient = design.T @ (p - y) + l2 * np.r_[w[:-1], 0]
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w[:-1], float(w[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kb = build_help_centre(Path(tmp))
        dev = observe(kb, *questions("dev"))
        x = np.array([o.signals for o in dev])
        y = np.array([1.0 if o.top1_correct else 0.0 for o in dev])
        weights, bias = fit_logistic(x, y)
        provisional = Calibration(weights=tuple(float(w) for w in weights), bias=bias, threshold=0.5)
        scores = np.array([provisional.score(list(s)) for s in x])

        print("threshold trade-off on dev (answer when score >= threshold):")
        print("| threshold | precision of answers | recall of answerable | OOS refused | correct decisions |")
        print("|---|---|---|---|---|")
        best, trade_off = (0.0, 0.5), []
        for threshold in np.round(np.arange(0.05, 0.96, 0.05), 2):
            answered = scores >= threshold
            right = answered & (y == 1)
            precision = right.sum() / max(answered.sum(), 1)
            recall = right.sum() / max((y == 1).sum(), 1)
            oos = np.array([o.expected is None for o in dev])
            refused_oos = (~answered & oos).sum() / max(oos.sum(), 1)
            decisions = (right | (~answered & (y == 0))).mean()
            trade_off.append({"threshold": float(threshold), "precision": round(float(precision), 3),
                              "recall": round(float(recall), 3), "oos_refused": round(float(refused_oos), 3),
                              "correct_decisions": round(float(decisions), 3)})
            print(f"| {threshold:.2f} | {precision:.3f} | {recall:.3f} | {refused_oos:.3f} | {decisions:.3f} |")
            if decisions > best[0] + 1e-9:
                best = (decisions, float(threshold))
        calibration = Calibration(
            weights=tuple(float(w) for w in weights), bias=bias, threshold=best[1],
            note="fitted by python -m evals.kb_calibrate on the dev split of evals/datasets",
        )
        calibration.save(trade_off=trade_off)
        kb.calibration = calibration
        for observation in dev:
            observation.score = calibration.score(observation.signals)
        heldout = observe(kb, *questions("heldout"))
        print(f"\nchosen threshold {best[1]:.2f} (weights {calibration.weights}, bias {calibration.bias:.3f})\n")
        print(table({"dev": measure(dev, best[1]), "heldout": measure(heldout, best[1])}))
        kb.close()


if __name__ == "__main__":
    main()
