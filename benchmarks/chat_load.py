"""Web-chat load: N concurrent WebSocket chat sessions against a local server for a while; errors and reply
latency.

    .venv/bin/python benchmarks/chat_load.py                      # 200 sessions, 60 s, 5 s think time
    .venv/bin/python benchmarks/chat_load.py --sessions 50 --seconds 20 --think 2

The server is the product as `make demo` runs it (`crm serve`, its own process) on a fresh SQLite database
with the demo help centre ingested. Each session is a visitor: it connects, says hello, and then asks help-centre
questions from the eval set one after another, waiting for the whole reply and "thinking" a random 0.5-1.5x
--think seconds between questions. Latency is from sending the question to the final `reply` event.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.kb import questions  # noqa: E402


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


def start_server(workdir: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "CRM_DATA_DIR": str(workdir), "CRM_SENTIMENT_SCORING": "false"}
    crm = str(ROOT / ".venv" / "bin" / "crm")
    subprocess.run([crm, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([crm, "kb", "ingest", str(ROOT / "demo" / "help_centre")], env=env, check=True, capture_output=True)
    server = subprocess.Popen([crm, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    return server, port


async def wait_ready(port: int) -> None:
    import websockets

    deadline = time.monotonic() + 120
    while True:  # the first chat loads the embedding model and the agent
        try:
            async with websockets.connect(f"ws://127.0.0.1:{port}/ws/chat") as ws:
                await ws.send(json.dumps({"type": "hello"}))
                await ws.recv()
                await ws.send(json.dumps({"type": "message", "text": "hello"}))
                while json.loads(await ws.recv())["type"] != "reply":
                    pass
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def session(port: int, until: float, think: float, asked: list[str], latencies: list[float],
                  errors: list[str], rng: random.Random) -> None:
    import websockets

    try:
        async with websockets.connect(f"ws://127.0.0.1:{port}/ws/chat", open_timeout=30) as ws:
            await ws.send(json.dumps({"type": "hello"}))
            if json.loads(await ws.recv())["type"] != "ready":
                errors.append("no ready")
                return
            await asyncio.sleep(rng.uniform(0, think))  # visitors do not all arrive in the same millisecond
            while time.monotonic() < until:
                started = time.monotonic()
                await ws.send(json.dumps({"type": "message", "text": rng.choice(asked)}))
                while True:
                    event = json.loads(await asyncio.wait_for(ws.recv(), timeout=60))
                    if event["type"] == "reply":
                        latencies.append((time.monotonic() - started) * 1000)
                        break
                    if event["type"] == "error":
                        errors.append(event["message"])
                        break
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    except Exception as exc:  # every failure counts: a refused connection, a timeout, a dropped socket
        errors.append(f"{type(exc).__name__}: {exc}")


async def run(args) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="crm-chat-load-"))
    server, port = start_server(workdir)
    try:
        await wait_ready(port)
        asked = [q["question"] for q in questions()[0]]
        latencies: list[float] = []
        errors: list[str] = []
        rng = random.Random(7)
        until = time.monotonic() + args.seconds
        started = time.monotonic()
        await asyncio.gather(*(session(port, until, args.think, asked, latencies, errors, random.Random(rng.random()))
                               for _ in range(args.sessions)))
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"| {args.sessions} sessions, {args.seconds:.0f} s, think {args.think:.1f} s | result |")
    print("|---|---:|")
    print(f"| replies | {len(latencies)} ({len(latencies) / elapsed:.1f}/s) |")
    print(f"| errors | {len(errors)} (goal 0) |")
    print(f"| reply latency p50 / p95 | {pct(latencies, 0.5):.0f} / {pct(latencies, 0.95):.0f} ms |")
    for message in sorted(set(errors))[:5]:
        print(f"  error: {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds a visitor takes between questions")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
