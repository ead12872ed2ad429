"""Fit the weights that choose which help-centre sentences a reply quotes, on the dev conversations.

    python -m evals.kb_quoting            # writes knowledge/quoting.json and prints the comparison

Each dev conversation whose first turn the offline agent answers from the help centre (one search, an answer
found) gives its candidate sentences, each with its signals (knowledge/quoting.py). A sentence is labelled 1 when
it contains one of the facts the turn's `reply_has` requires (and that fact is not in most candidates). A logistic regression on the signals gives the
weights. What counts is the reply: a turn is "covered" when the quoted sentences contain every required fact that
some candidate contains. Coverage with the weights in use and with fitted ones is compared by 5-fold
cross-validation (three shuffles): fitted on four fifths of the turns, measured on the fifth. The held-out
conversations are never read.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.messages import ToolMessage

from agent.build import run_turn
from agent.local import writer
from evals.agent import TODAY, World, _caller, _setup, conversations
from evals.kb_calibrate import fit_logistic
from knowledge.quoting import QuoteWeights
from crm_core.drafts.mail import OutboxMailer
from tools.context import ToolContext

L2 = 1.0  # the signals are few and correlated (similarity and how far behind the best): keep the weights modest


@dataclass
class Turn:
    conversation: str
    question: str
    facts: list[list[str]]  # each: any of these, lower-cased
    candidates: list[dict]  # the writer's candidates, with "signals" and the score in use

    def label(self, sentence: dict) -> float:
        """1 when the sentence holds a fact that tells it apart: a fact most candidates hold ("Business" in every
        row of the plan table) says nothing about which sentence answers."""
        telling = [f for f in self.facts if 0 < self._holding(f) <= max(2, len(self.candidates) // 3)]
        text = sentence["text"].lower()
        return 1.0 if any(any(v in text for v in fact) for fact in telling) else 0.0

    def _holding(self, fact: list[str]) -> int:
        return sum(any(v in c["text"].lower() for v in fact) for c in self.candidates)

    def covered(self, scores: list[float]) -> bool | None:
        """Whether the sentences chosen under these scores contain every findable fact (None: none is findable)."""
        findable = [f for f in self.facts if self._holding(f)]
        if not findable:
            return None
        rescored = [{**c, "score": s} for c, s in zip(self.candidates, scores)]
        quoted = " ".join(rescored[i]["text"].lower() for i in writer.chosen(rescored, self.question))
        return all(any(v in quoted for v in fact) for fact in findable)


def collect(world: World) -> list[Turn]:
    turns = []
    for conversation in conversations(split="dev"):
        first = conversation["turns"][0]
        if not first.get("reply_has"):
            continue
        engine, sessions = world.fresh_database(conversation["id"])
        try:
            _setup(sessions, conversation.get("setup", []))
            caller, _ = _caller(sessions, conversation["caller"])

            def context_for(cid: str) -> ToolContext:
                return ToolContext(caller=caller, sessions=sessions, knowledge=world, conversation_id=cid,
                                   today=TODAY, mailer=OutboxMailer())

            reply = run_turn(world.agent, first["user"], context_for=context_for, thread_prefix=f"{conversation['id']}:")
            if [c["name"] for c in reply.tool_calls] != ["search_knowledge_base"]:
                continue
            state = world.agent.get_state({"configurable": {"thread_id": f"{conversation['id']}:{reply.conversation_id}"}})
            result = [m for m in state.values["messages"] if isinstance(m, ToolMessage)][-1]
            artifact = result.artifact or {}
            candidates = writer.quotable_sentences(artifact) if artifact.get("answerable") else []
            if candidates:
                facts = [[f.lower()] if isinstance(f, str) else [v.lower() for v in f] for f in first["reply_has"]]
                turns.append(Turn(conversation["id"], first["user"], facts, candidates))
        finally:
            engine.dispose()
    return turns


def fit(turns: list[Turn]) -> QuoteWeights:
    x = np.array([c["signals"] for t in turns for c in t.candidates])
    y = np.array([t.label(c) for t in turns for c in t.candidates])
    weights, bias = fit_logistic(x, y, l2=L2)
    return QuoteWeights(weights=tuple(round(float(w), 4) for w in weights), bias=round(bias, 4),
                        note="fitted by python -m evals.kb_quoting on the dev conversations")


def coverage(turns: list[Turn], weights: QuoteWeights | None) -> tuple[int, int]:
    """(covered turns, turns with a findable fact); weights None: the scores the turn was answered with."""
    outcomes = [t.covered([c["score"] if weights is None else weights.score(c["signals"]) for c in t.candidates])
                for t in turns]
    return sum(o is True for o in outcomes), sum(o is not None for o in outcomes)


def cross_validated(turns: list[Turn], shuffles: int = 3, folds: int = 5) -> tuple[int, int, int]:
    in_use = fitted = total = 0
    for seed in range(shuffles):
        order = np.random.default_rng(seed).permutation(len(turns))
        parts = np.array_split(order, folds)
        for k in range(folds):
            test = [turns[i] for i in parts[k]]
            train = [turns[i] for j in range(folds) if j != k for i in parts[j]]
            fitted += coverage(test, fit(train))[0]
            covered, findable = coverage(test, None)
            in_use += covered
            total += findable
    return in_use, fitted, total


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        world = World(Path(tmp))
        try:
            turns = collect(world)
        finally:
            world.close()
    in_use, fitted, total = cross_validated(turns)
    weights = fit(turns)
    print(f"{len(turns)} first turns answered from the help centre; "
          f"{sum(len(t.candidates) for t in turns)} candidate sentences\n")
    print("| weights | turns whose quoted sentences hold every findable fact (5-fold CV, 3 shuffles) |")
    print("|---|---|")
    print(f"| in use (knowledge/quoting.json) | {in_use}/{total} ({in_use / max(total, 1):.3f}) |")
    print(f"| fitted on the other folds | {fitted}/{total} ({fitted / max(total, 1):.3f}) |")
    covered, findable = coverage(turns, weights)
    print(f"\nfitted on all {len(turns)} turns: {covered}/{findable} covered; weights {weights.weights}, bias {weights.bias}")
    weights.save(cross_validation={"in_use": in_use, "fitted": fitted, "turns": total})


if __name__ == "__main__":
    main()
