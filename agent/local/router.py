"""Which tool a message asks for: nearest example utterances in the bundled sentence-embedding space.

Each tool declares example utterances (`extras={"examples": [...]}`); the router embeds them once and scores a
message by its best-matching examples per tool. Below the threshold it answers "no tool" and the model replies
directly (or says it does not know). Only the tools bound for this caller are candidates, so a visitor's
message can never route to a rep's tool.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Cosine similarity to a tool's best example below which the message is not about that tool.
THRESHOLD = 0.45
TOP_EXAMPLES = 2  # a tool's score is the mean of its best two examples: one lucky example is not enough


@dataclass(frozen=True)
class Route:
    tool: str | None
    score: float
    runner_up: str | None = None


class ToolRouter:
    def __init__(self, embedder, examples: dict[str, list[str]], threshold: float = THRESHOLD):
        self.embedder = embedder
        self.threshold = threshold
        self.names: list[str] = []
        texts: list[str] = []
        for name, utterances in examples.items():
            for utterance in utterances:
                self.names.append(name)
                texts.append(utterance)
        self.vectors = embedder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)

    def scores(self, message: str, allowed: set[str] | None = None) -> dict[str, float]:
        if not self.names:
            return {}
        similarities = self.vectors @ self.embedder.encode_one(message)
        per_tool: dict[str, list[float]] = {}
        for name, similarity in zip(self.names, similarities):
            if allowed is None or name in allowed:
                per_tool.setdefault(name, []).append(float(similarity))
        return {name: float(np.mean(sorted(values, reverse=True)[:TOP_EXAMPLES])) for name, values in per_tool.items()}

    def route(self, message: str, allowed: set[str] | None = None, boosts: dict[str, float] | None = None) -> Route:
        scores = self.scores(message, allowed)
        for tool, boost in (boosts or {}).items():
            if tool in scores:
                scores[tool] += boost
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        if not ranked:
            return Route(None, 0.0)
        best, score = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else None
        return Route(best if score >= self.threshold else None, score, runner_up)
