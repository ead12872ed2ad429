"""The demo help centre, ingested once per test module, handed to agents and apps as their knowledge base."""

import pytest

from evals.kb import build_help_centre


class OpenedKnowledge:
    """What the app and the tools expect (`get()`), around an open knowledge base the test owns."""

    def __init__(self, kb):
        self.kb = kb

    def get(self):
        return self.kb

    def close(self):
        pass  # the fixture closes it, not the app


@pytest.fixture(scope="module")
def help_centre(tmp_path_factory, embedder):
    kb = build_help_centre(tmp_path_factory.mktemp("kb"), embedder=embedder)
    yield OpenedKnowledge(kb)
    kb.close()
