"""Fixtures: every database test runs on SQLite and on PostgreSQL (the same tests, both backends).

CRM_TEST_BACKENDS=sqlite limits a local run to one backend; `make test` runs both and starts PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from crm_core import migrate
from crm_core.config import Settings, get_settings
from crm_core.db import Base, make_engine, session_factory

BACKENDS = [b.strip() for b in os.environ.get("CRM_TEST_BACKENDS", "sqlite,postgresql").split(",") if b.strip()]
POSTGRES_URL = os.environ.get("CRM_TEST_POSTGRES_URL", "postgresql+psycopg://crm:crm@127.0.0.1:5432/crm_test")
# Tables whose rows come from the migration and stay between tests.
KEPT_TABLES = {"pipeline_stages", "alembic_version"}


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request, tmp_path_factory) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'crm.sqlite3'}"
    elif request.param == "postgresql":
        url = POSTGRES_URL
    else:
        raise pytest.UsageError(f"unknown backend {request.param!r} in CRM_TEST_BACKENDS")
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        try:
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        except Exception as exc:  # the suite must not silently lose its PostgreSQL half
            pytest.fail(f"PostgreSQL at {url} is not reachable ({exc}); run scripts/postgres-for-tests.sh", pytrace=False)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine) -> Iterator[sessionmaker[Session]]:
    yield session_factory(engine)
    _empty_tables(engine)


@pytest.fixture
def session(sessions) -> Iterator[Session]:
    with sessions() as session:
        yield session
        session.rollback()


def _empty_tables(engine: Engine) -> None:
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEPT_TABLES]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(t.name for t in tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())
            connection.execute(text("DELETE FROM sqlite_sequence")) if _has_sqlite_sequence(connection) else None


def _has_sqlite_sequence(connection) -> bool:
    return connection.execute(text("SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'")).first() is not None


@pytest.fixture
def app(engine, sessions, tmp_path):
    from channels.http.app import create_app

    # Scoring is exercised by tests/sentiment; CRM tests run with the write-path scorer off.
    return create_app(Settings(data_dir=tmp_path, sentiment_scoring=False), engine=engine)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def embedder():
    """The bundled sentence model, loaded once for the whole run."""
    from knowledge.embeddings import shared_embedder

    return shared_embedder(None)


@pytest.fixture
def crm(engine, sessions, monkeypatch, tmp_path):
    """Run `crm ...` against the test database."""
    monkeypatch.setenv("CRM_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("CRM_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args, input: str | None = None):
        from channels.cli import app

        return runner.invoke(app, input=input, args=[str(a) for a in args], catch_exceptions=False)

    yield run
    get_settings.cache_clear()
