"""The kb routes: add (JSON and upload), list, search, remove; who may change the knowledge base."""

import pytest

from crm_core.enums import Role
from tests.factories import make_caller
from tests.knowledge.conftest import make_pdf


class _Ready:
    def __init__(self, kb):
        self.kb = kb

    def get(self):
        return self.kb

    def close(self):
        pass


@pytest.fixture
def kb_client(engine, sessions, tmp_path, kb):
    from fastapi.testclient import TestClient

    from channels.http.app import create_app
    from crm_core.config import Settings

    with TestClient(create_app(Settings(data_dir=tmp_path, sentiment_scoring=False), engine=engine, knowledge=_Ready(kb))) as client:
        yield client


def test_add_list_search_remove(kb_client, sessions, tmp_path):
    manager = make_caller(sessions, Role.manager)
    added = kb_client.post("/api/v1/kb/documents", json={"title": "Refunds", "text": "# Refunds\n\nFull refund within 30 days.", "source": "https://help.example/refunds"}, headers=manager.headers)
    assert added.status_code == 201, added.text
    assert added.json()["status"] == "added"
    doc_id = added.json()["document"]["id"]

    pdf = make_pdf(tmp_path / "sla.pdf", "Uptime SLA", ["Enterprise plans include a 99.95% uptime SLA with service credits."])
    with pdf.open("rb") as handle:
        uploaded = kb_client.post("/api/v1/kb/documents", files={"file": ("sla.pdf", handle, "application/pdf")}, headers=manager.headers)
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["document"]["title"] == "Uptime SLA"

    listed = kb_client.get("/api/v1/kb/documents", headers=manager.headers).json()
    assert listed["total"] == 2

    found = kb_client.get("/api/v1/kb/search", params={"q": "what uptime do enterprise customers get", "k": 3}, headers=manager.headers).json()
    assert found["answerable"] and found["results"][0]["title"] == "Uptime SLA"
    assert set(found["results"][0]) == {"document_id", "title", "source", "chunk", "heading_path", "score"}

    again = kb_client.post("/api/v1/kb/documents", json={"title": "Refunds", "text": "# Refunds\n\nFull refund within 30 days.", "source": "https://help.example/refunds"}, headers=manager.headers)
    assert again.json()["status"] == "unchanged"

    assert kb_client.delete(f"/api/v1/kb/documents/{doc_id}", headers=manager.headers).status_code == 204
    assert kb_client.get(f"/api/v1/kb/documents/{doc_id}", headers=manager.headers).status_code == 404
    assert kb_client.delete(f"/api/v1/kb/documents/{doc_id}", headers=manager.headers).status_code == 404


def test_reps_search_but_do_not_change_the_knowledge_base(kb_client, sessions):
    rep = make_caller(sessions, Role.rep)
    refused = kb_client.post("/api/v1/kb/documents", json={"title": "x", "text": "y", "source": "z"}, headers=rep.headers)
    assert refused.status_code == 403
    assert kb_client.get("/api/v1/kb/search", params={"q": "anything"}, headers=rep.headers).status_code == 200
    assert kb_client.get("/api/v1/kb/search", params={"q": "anything"}).status_code == 401


def test_bad_documents_are_422_with_the_field(kb_client, sessions):
    manager = make_caller(sessions, Role.manager)
    missing = kb_client.post("/api/v1/kb/documents", json={"title": "x", "source": "z"}, headers=manager.headers)
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["body", "text"]
    exe = kb_client.post("/api/v1/kb/documents", files={"file": ("tool.exe", b"MZ...", "application/octet-stream")}, headers=manager.headers)
    assert exe.status_code == 422 and "unsupported" in exe.json()["detail"][0]["msg"]
    broken = kb_client.post("/api/v1/kb/documents", files={"file": ("x.pdf", b"%PDF-1.4 nope", "application/pdf")}, headers=manager.headers)
    assert broken.status_code == 422 and broken.json()["detail"][0]["loc"] == ["body", "file"]
