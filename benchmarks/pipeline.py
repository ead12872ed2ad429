"""Plain-language pipeline questions over a large seeded book (default: one million deals on SQLite).

    .venv/bin/python benchmarks/pipeline.py                          # 1M deals, temporary SQLite file
    .venv/bin/python benchmarks/pipeline.py --keep /tmp/pipe.sqlite3 # ... and keep the file
    .venv/bin/python benchmarks/pipeline.py --reuse /tmp/pipe.sqlite3
    .venv/bin/python benchmarks/pipeline.py --database-url postgresql+psycopg://crm:crm@127.0.0.1/crm_bench
    .venv/bin/python benchmarks/pipeline.py --database-url postgresql+psycopg://... --seeded   # seeded before

Each question goes the whole way a user's does: the offline parser (which reads owners, industries and lead
sources from the data), the engine's SQL, and the answer in words. Prints p50/p95 in milliseconds per question
and over all of them, for a manager (every deal) and for a rep (their own).
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import tempfile
import time
from datetime import date, datetime, time as clock, timezone
from pathlib import Path

from sqlalchemy import func, select, text

from crm_core import migrate
from crm_core.actor import Actor
from crm_core.db import make_engine, session_factory, unit_of_work
from crm_core.deals.models import Deal
from crm_core.demo.seed import PER_SCALE, seed
from crm_core.enums import Role, Via
from crm_core.pipeline import service
from crm_core.users.models import User
from deals import percentile  # benchmarks/deals.py, next to this script

TODAY = date(2026, 11, 22)
QUESTIONS = [
    "what's closing this quarter in EMEA?",
    "which deals over 50k have been stuck in negotiation for more than 30 days?",
    "how did Alice do last month compared with the month before?",
    "win rate by lead source this year?",
    "pipeline by stage",
    "weighted pipeline by month",
    "how many deals are in proposal?",
    "average deal size in APAC",
    "top 10 biggest open deals",
    "deals at risk by owner",
    "average sales cycle of deals won last quarter",
    "how long have deals been sitting in qualification?",
    "win rate by industry since March",
    "total won this year by quarter",
    "how many deals were created last quarter?",
    "open pipeline from referrals in healthcare",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reuse", type=Path, help="an SQLite file seeded by an earlier run: time the questions only")
    parser.add_argument("--keep", type=Path, help="keep the seeded SQLite file here")
    parser.add_argument("--seeded", action="store_true", help="--database-url is already seeded: time the questions only")
    args = parser.parse_args()

    if args.reuse or args.seeded:
        url = f"sqlite:///{args.reuse}" if args.reuse else args.database_url
        engine = make_engine(url)
        migrate.upgrade(engine)  # a file seeded by an older version gets the newer indexes and the roll-up
    else:
        workdir = Path(tempfile.mkdtemp(prefix="crm-bench-"))
        url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
        engine = make_engine(url)
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        migrate.upgrade(engine)
        started = time.perf_counter()
        with unit_of_work(session_factory(engine)) as session:
            summary = seed(session=session, scale=max(1, math.ceil(args.deals / PER_SCALE["deals"])), today=TODAY)
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        print(f"seeded in {time.perf_counter() - started:.0f} s (with ANALYZE): "
              + ", ".join(f"{n:,} {k}" for k, n in summary.counts.items()), flush=True)
    sessions = session_factory(engine)
    now = datetime.combine(TODAY, clock(12), timezone.utc)

    with sessions() as session:
        deals = session.scalar(select(func.count()).select_from(Deal))
        manager_user = session.scalar(select(User).where(User.role == Role.manager))
        rep_user = session.scalar(select(User).where(User.role == Role.rep).order_by(User.id))
        askers = {"manager": Actor.for_user(manager_user, Via.api), "rep": Actor.for_user(rep_user, Via.api)}
        print(f"{engine.dialect.name}, {deals:,} deals; {args.repeat} runs per question after one warm-up", flush=True)
        rows, everything = [], {name: [] for name in askers}
        for question in QUESTIONS:
            for name, actor in askers.items():
                answer = service.ask(session=session, actor=actor, question=question, now=now, today=TODAY)  # warm-up
                samples = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    service.ask(session=session, actor=actor, question=question, now=now, today=TODAY)
                    samples.append((time.perf_counter() - started) * 1000)
                everything[name] += samples
                rows.append((question, name, samples, getattr(answer, "deals", None)))

    print()
    print(f"| {'question':<76} | {'asker':<7} | {'p50 ms':>7} | {'p95 ms':>7} | {'deals':>9} |")
    print(f"|{'-' * 78}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 11}|")
    for question, name, samples, behind in rows:
        print(f"| {question:<76} | {name:<7} | {statistics.median(samples):>7.1f} | {percentile(samples, 0.95):>7.1f} "
              f"| {behind if behind is not None else 'declined':>9,} |")
    for name, samples in everything.items():
        print(f"| {'all questions':<76} | {name:<7} | {statistics.median(samples):>7.1f} | {percentile(samples, 0.95):>7.1f} | {'':>9} |")
    engine.dispose()
    if args.keep and not args.reuse and url.startswith("sqlite"):
        shutil.copy(url.removeprefix("sqlite:///"), args.keep)
        print(f"kept {args.keep}")


if __name__ == "__main__":
    main()
