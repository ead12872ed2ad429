"""Conversation memory: a LangGraph checkpointer in the CRM's database, so a conversation survives a restart.

SQLite (the default): `conversations.sqlite3` next to the CRM's SQLite file (its own file: LangGraph manages
its tables, Alembic manages ours). PostgreSQL: LangGraph's tables in the CRM's database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


def checkpointer_for(database_url: str):
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        from langgraph.checkpoint.sqlite import SqliteSaver

        path = Path(url.database).with_name("conversations.sqlite3") if url.database else None
        connection = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")  # WAL: survives a crash of the server, not a power cut
        saver = SqliteSaver(connection)
        saver.setup()
        return saver
    if backend == "postgresql":
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg import Connection
        from psycopg.rows import dict_row

        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        connection = Connection.connect(conninfo, autocommit=True, prepare_threshold=0, row_factory=dict_row)
        saver = PostgresSaver(connection)
        saver.setup()
        return saver
    raise ValueError(f"no conversation memory for a {backend} database; use SQLite or PostgreSQL")
