"""The web chat's app: real HTTP and WebSocket, the offline model, the demo help centre, memory in the database."""

import pytest

from tests.agent.conftest import OpenedKnowledge, help_centre  # noqa: F401  (the module-scoped fixture)

SECRET = "test-identity-secret"


@pytest.fixture
def chat_app(engine, sessions, tmp_path, help_centre):  # noqa: F811
    from channels.http.app import create_app
    from crm_core.config import Settings

    return create_app(Settings(data_dir=tmp_path, sentiment_scoring=False, identity_secret=SECRET),
                      engine=engine, knowledge=help_centre)
