"""A fake Slack Web API on loopback: records every call (chat.postMessage, users.info, views.open, ...) and
answers like Slack does, so the app's real AsyncWebClient talks real HTTP to it."""

from __future__ import annotations

import json
import socket
import threading
import time
from urllib.parse import parse_qs

import uvicorn
from fastapi import FastAPI, Request


class FakeSlack:
    def __init__(self, users: dict[str, str]):
        self.users = users  # Slack user id -> e-mail
        self.calls: list[tuple[str, dict]] = []
        self.posted: dict[str, dict] = {}  # ts -> message (with metadata), for conversations.replies
        self._ts = 1700000000.0
        app = FastAPI()

        @app.api_route("/api/{method}", methods=["GET", "POST"])
        async def api(method: str, request: Request):
            args = await _arguments(request)
            self.calls.append((method, args))
            return self._answer(method, args)

        @app.post("/respond/{token}")
        async def respond(token: str, request: Request):
            self.calls.append(("response_url", await request.json()))
            return {"ok": True}

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "FakeSlack":
        self.thread.start()
        while not self.server.started:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def _answer(self, method: str, args: dict) -> dict:
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "crm"}
        if method == "users.info":
            email = self.users.get(args.get("user"))
            return {"ok": True, "user": {"id": args.get("user"), "is_bot": False, "profile": {"email": email}}}
        if method == "chat.postMessage":
            self._ts += 1
            ts = args["ts"] = f"{self._ts:.6f}"  # recorded with the call, as the app sees it in the answer
            self.posted[ts] = args
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": {"text": args.get("text")}}
        if method == "conversations.replies":
            message = self.posted.get(args.get("ts"))
            return {"ok": True, "messages": [message] if message else []}
        return {"ok": True}

    def wait_for(self, method: str, count: int = 1, timeout: float = 30.0) -> list[dict]:
        """The arguments of the first `count` calls of a method, waiting for the app's background work."""
        deadline = time.monotonic() + timeout
        while True:
            found = [args for name, args in self.calls if name == method]
            if len(found) >= count:
                return found
            assert time.monotonic() < deadline, f"no {method} call (calls: {[name for name, _ in self.calls]})"
            time.sleep(0.05)


async def _arguments(request: Request) -> dict:
    raw = await request.body()
    if request.method == "GET":
        return dict(request.query_params)
    if request.headers.get("content-type", "").startswith("application/json"):
        args = json.loads(raw or b"{}")
    else:
        args = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
    for key in ("blocks", "metadata", "view"):  # sent as JSON strings in form bodies
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args
