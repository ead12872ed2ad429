"""Chat turn latency with the offline model, warm: a knowledge-base question (visitor) and a deal summary
(manager), next to the raw cost of one question embedding plus one knowledge search in the same run.

    .venv/bin/python benchmarks/chat.py            # 60 turns of each kind
    .venv/bin/python benchmarks/chat.py --turns 200

Each turn is a whole `run_turn`: routing, argument filling, the tool (real SQLite database seeded with the demo
business, real Chroma + FTS knowledge base of the demo help centre), the reply, and the checkpointer write.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent.build import build_agent, run_turn  # noqa: E402
from agent.memory import checkpointer_for  # noqa: E402
from agent.models import chat_model  # noqa: E402
from crm_core import migrate  # noqa: E402
from crm_core.actor import Actor  # noqa: E402
from sqlalchemy import select  # noqa: E402

from crm_core.deals.models import Deal  # noqa: E402
from crm_core.db import make_engine, session_factory, unit_of_work  # noqa: E402
from crm_core.demo.seed import seed  # noqa: E402
from crm_core.enums import Via  # noqa: E402
from crm_core.users.models import User  # noqa: E402
from evals.kb import build_help_centre, questions  # noqa: E402
from knowledge.embeddings import shared_embedder  # noqa: E402
from tools.context import Caller, CallerKind, ToolContext  # noqa: E402

TODAY = date(2026, 11, 22)


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


class Opened:
    def __init__(self, kb):
        self.kb = kb

    def get(self):
        return self.kb


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=60)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="crm-chat-bench-"))
    embedder = shared_embedder(None)
    kb = build_help_centre(workdir / "kb", embedder=embedder)
    engine = make_engine(f"sqlite:///{workdir / 'crm.sqlite3'}")
    migrate.upgrade(engine)
    sessions = session_factory(engine)
    with unit_of_work(sessions) as session:
        seed(session=session, today=TODAY)
    with sessions() as session:
        manager = session.query(User).filter_by(email="maria.lopez@orbitly.example").one()
        deal_names = list(session.scalars(select(Deal.name).where(Deal.owner_id.is_not(None))))
        staff = Caller(kind=CallerKind.user, actor=Actor.for_user(manager, Via.agent))
    visitor = Caller(kind=CallerKind.visitor, actor=Actor.visitor())
    checkpointer = checkpointer_for(engine.url.render_as_string(hide_password=False))  # as the server does
    knowledge = Opened(kb)
    # As the server builds it: the local model may ask the help centre whether a staff question is about the product.
    agent = build_agent(chat_model("local", embedder=embedder, knowledge=knowledge), checkpointer)
    kb_questions = [q["question"] for q in questions()[0]]

    def turn(message: str, caller: Caller) -> float:
        embedder._recent.clear()  # a new question is never in the embedding cache
        started = time.perf_counter()
        run_turn(agent, message, context_for=lambda cid: ToolContext(
            caller=caller, sessions=sessions, knowledge=knowledge, conversation_id=cid, today=TODAY))
        return (time.perf_counter() - started) * 1000

    def raw(message: str) -> float:
        embedder._recent.clear()
        started = time.perf_counter()
        kb.search(message, k=5)  # encodes the question, then the hybrid search
        return (time.perf_counter() - started) * 1000

    for i in range(5):  # warm-up: model, caches, SQLite pages
        turn(kb_questions[i], visitor)
        turn(f"give me a summary of the {deal_names[i]} deal", staff)
        raw(kb_questions[i])
    kb_turns = [turn(kb_questions[i % len(kb_questions)], visitor) for i in range(args.turns)]
    raw_search = [raw(kb_questions[i % len(kb_questions)]) for i in range(args.turns)]
    deal_turns = [turn(f"give me a summary of the {deal_names[i % len(deal_names)]} deal", staff)
                  for i in range(args.turns)]
    raw_p95 = pct(raw_search, 0.95)
    print(f"| measure ({args.turns} turns each) | p50 ms | p95 ms | p95 / raw p95 |")
    print("|---|---:|---:|---:|")
    print(f"| raw: embed the question + hybrid search | {pct(raw_search, 0.5):.1f} | {raw_p95:.1f} | 1.00 |")
    for label, samples in (("chat turn: knowledge-base question (visitor)", kb_turns),
                           ("chat turn: deal summary (manager)", deal_turns)):
        print(f"| {label} | {pct(samples, 0.5):.1f} | {pct(samples, 0.95):.1f} | {pct(samples, 0.95) / raw_p95:.2f} |")
    print("\ngoal: p95 <= 100 ms and <= 2x raw")


if __name__ == "__main__":
    main()
