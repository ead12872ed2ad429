"""The FastAPI application: REST API under /api/v1, the web chat (/, /widget.js, /ws/chat), the manager dashboard
(/dashboard) and /healthz. Migrations are applied on start."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy import text
from sqlalchemy.engine import Engine

from channels.http import errors
from channels.http.live import LiveConversations
from channels.http.routes import (audit, chat, contacts, conversations, dashboard, deals, drafts, kb, me, pipeline,
                                  sentiment, slack, webchat)
from channels.http.routes import leads
from channels.http.routes.records import record_router
from crm_core import kinds, migrate, scoring
from crm_core.config import Settings, get_settings
from crm_core.db import engine_for, session_factory
from crm_core.drafts.mail import mailer_from
from channels.wiring import AgentRuntime, LazyKnowledgeBase, start_scorer


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, knowledge=None, scorer=None, agent=None
) -> FastAPI:
    """``knowledge``: something with ``get()`` returning a KnowledgeBase (default: opened on first use).
    ``scorer``: the ticket scorer (default: the configured model, loaded in the background)."""
    settings = settings or get_settings()
    engine = engine or engine_for(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.agent.check()  # a misconfigured model fails the start, not the first chat
        migrate.upgrade(engine)
        if app.state.scorer is None and settings.sentiment_scoring:
            app.state.scorer = start_scorer(settings)
        if app.state.scorer is not None:
            scoring.install(app.state.scorer, escalate=settings.escalate_negative_urgent)
        alerts = slack.start_alerts(app) if app.state.slack is not None else None
        yield
        if alerts is not None:
            alerts.cancel()
        app.state.knowledge.close()
        engine.dispose()

    app = FastAPI(title="CRM agent", version="1", lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.knowledge = knowledge or LazyKnowledgeBase(settings)
    app.state.scorer = scorer
    app.state.mailer = mailer_from(settings)
    app.state.agent = agent or AgentRuntime(settings, sessions=app.state.sessions, knowledge=app.state.knowledge,
                                            mailer=app.state.mailer,
                                            database_url=engine.url.render_as_string(hide_password=False))
    app.state.live = LiveConversations()
    app.state.slack = slack.build(app) if settings.slack_bot_token and settings.slack_signing_secret else None
    errors.install(app)

    api = APIRouter(prefix="/api/v1")
    # Fixed paths first: /contacts/duplicates must not be read as /contacts/{id}.
    api.include_router(contacts.router)
    api.include_router(deals.router)
    api.include_router(dashboard.router)
    api.include_router(pipeline.router)
    for kind in kinds.ALL:
        api.include_router(record_router(kind))
    api.include_router(kb.router)
    api.include_router(sentiment.router)
    api.include_router(leads.router)
    api.include_router(audit.router)
    api.include_router(drafts.router)
    api.include_router(me.router)
    api.include_router(chat.router)
    api.include_router(conversations.router)
    app.include_router(api)
    app.include_router(webchat.router)
    app.include_router(dashboard.pages)
    app.include_router(slack.router)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"status": "ok", "database": engine.dialect.name}

    return app
