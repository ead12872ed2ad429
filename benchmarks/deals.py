"""Deal lists and aggregations over a large seeded book (default: one million deals on SQLite).

    .venv/bin/python benchmarks/deals.py                     # 1M deals, temporary SQLite file
    .venv/bin/python benchmarks/deals.py --deals 100000      # quicker
    .venv/bin/python benchmarks/deals.py --database-url postgresql+psycopg://crm:crm@127.0.0.1/crm_bench

Seeds with `crm demo seed --scale K` (80 deals per unit of scale), then times the list route's service
call (filters + total count + one page) and two aggregations. Prints a table of p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import case, func, select, text

from crm_core import migrate, records
from crm_core.actor import Actor
from crm_core.db import make_engine, session_factory, unit_of_work
from crm_core.deals.models import Deal, PipelineStage
from crm_core.deals.service import KIND as DEALS
from crm_core.demo.seed import PER_SCALE, seed
from crm_core.enums import Role, Via
from crm_core.users.models import User


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--reuse", type=Path, help="an SQLite file seeded by an earlier run: time the queries only")
    args = parser.parse_args()

    today = date(2026, 11, 22)
    if args.reuse:
        engine = make_engine(f"sqlite:///{args.reuse}")
        sessions = session_factory(engine)
        with sessions() as session:
            print(f"reusing {args.reuse}: {session.scalar(select(func.count()).select_from(Deal)):,} deals", flush=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="crm-bench-"))
        url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
        engine = make_engine(url)
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        migrate.upgrade(engine)
        sessions = session_factory(engine)

        scale = max(1, math.ceil(args.deals / PER_SCALE["deals"]))
        started = time.perf_counter()
        with unit_of_work(sessions) as session:
            summary = seed(session=session, scale=scale, today=today)
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        print(f"seeded in {time.perf_counter() - started:.0f} s (with ANALYZE) into {url}: "
              + ", ".join(f"{n:,} {k}" for k, n in summary.counts.items()), flush=True)

    with sessions() as session:
        rep = session.scalar(select(User).where(User.role == Role.rep))
        manager = Actor(user_id=None, name="bench", role=Role.manager, via=Via.api)
        as_rep = Actor.for_user(rep, Via.api)
        queries = {
            "list: stage=negotiation": (manager, {"stage": "negotiation"}),
            "list: owner + stage (rep's own)": (as_rep, {"stage": "proposal"}),
            "list: amount 50k-100k, closing next 90 days": (manager, {
                "amount_min": Decimal(50000), "amount_max": Decimal(100000),
                "expected_close_date_from": today, "expected_close_date_to": today + timedelta(days=90)}),
            "list: updated in the last 7 days": (manager, {"updated_since": f"{today - timedelta(days=7)}T00:00:00+00:00"}),
            "list: first page, no filter": (manager, {}),
        }
        rows = []
        for label, (actor, filters) in queries.items():
            params = DEALS.filter_schema(limit=50, **filters)
            samples, total = [], 0
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                _, total = records.list_records(session=session, actor=actor, kind=DEALS, filters=params)
                samples.append((time.perf_counter() - t0) * 1000)
            rows.append((label, samples, total))

        aggregations = {
            "sum(amount) by stage, open deals": select(Deal.stage, func.count(), func.sum(Deal.amount))
            .where(Deal.closed_at.is_(None)).group_by(Deal.stage),
            "weighted pipeline by owner": select(Deal.owner_id, func.sum(Deal.amount * PipelineStage.probability / 100))
            .join(PipelineStage, PipelineStage.key == Deal.stage).where(PipelineStage.is_closed.is_(False))
            .group_by(Deal.owner_id),
            "win rate, deals closed this year": select(
                func.sum(case((Deal.stage == "closed_won", 1), else_=0)) * 1.0 / func.count()
            ).where(Deal.closed_at >= datetime(today.year, 1, 1, tzinfo=timezone.utc)),
        }
        for label, stmt in aggregations.items():
            samples = []
            for _ in range(max(5, args.repeat // 6)):
                t0 = time.perf_counter()
                result = session.execute(stmt).all()
                samples.append((time.perf_counter() - t0) * 1000)
            rows.append((label, samples, len(result)))

    print()
    print(f"| {'query':<46} | {'p50 ms':>8} | {'p95 ms':>8} | {'rows/total':>10} |")
    print(f"|{'-' * 48}|{'-' * 10}|{'-' * 10}|{'-' * 12}|")
    for label, samples, total in rows:
        print(f"| {label:<46} | {statistics.median(samples):>8.1f} | {percentile(samples, 0.95):>8.1f} | {total:>10,} |")
    engine.dispose()


if __name__ == "__main__":
    main()
