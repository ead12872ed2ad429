"""Open web-chat sockets per conversation, so that a person's reply reaches the visitor's open chat at once.

In-process: one server process holds the sockets it accepted. Running several workers would need a broker
between them (PostgreSQL LISTEN/NOTIFY, Redis); the reply is in the conversation's memory either way, so a
visitor on another worker sees it when their chat reconnects or reloads.
"""

from __future__ import annotations

import asyncio
import threading


class LiveConversations:
    def __init__(self):
        self._lock = threading.Lock()
        self._listeners: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = {}

    def subscribe(self, conversation_id: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        with self._lock:
            self._listeners.setdefault(conversation_id, set()).add((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, conversation_id: str, queue: asyncio.Queue) -> None:
        with self._lock:
            listeners = self._listeners.get(conversation_id, set())
            for entry in [e for e in listeners if e[1] is queue]:
                listeners.discard(entry)
            if not listeners:
                self._listeners.pop(conversation_id, None)

    def publish(self, conversation_id: str, event: dict) -> int:
        """Deliver to every open chat of the conversation, from any thread; how many were reached."""
        with self._lock:
            listeners = list(self._listeners.get(conversation_id, ()))
        for loop, queue in listeners:
            loop.call_soon_threadsafe(queue.put_nowait, event)
        return len(listeners)
