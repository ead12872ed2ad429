"""The same knowledge base against a real Chroma server (`chroma run`) started by the test."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from knowledge.base import KnowledgeBase
from knowledge.config import KnowledgeConfig
from tests.knowledge.conftest import write


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    log = tmp_path_factory.mktemp("chroma-log") / "chroma.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(chroma), "run", "--path", str(tmp_path_factory.mktemp("chroma")), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"chroma run did not start: {log.read_text()[-2000:]}")
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_ingest_search_update_remove_on_a_chroma_server(chroma_server, tmp_path, embedder):
    kb = KnowledgeBase(KnowledgeConfig(data_dir=tmp_path / "data", chroma_url=chroma_server), embedder=embedder)
    root = tmp_path / "help"
    write(root / "refunds.md", "# Request a refund\n\nFull refunds within 30 days of purchase.")
    write(root / "sso.md", "# Single sign-on\n\nSAML with Okta on the Business plan.")
    assert len(kb.ingest_paths([root]).added) == 2
    assert kb.vectors.client.heartbeat() > 0  # really talking to the server
    assert kb.search("money back please").hits[0].title == "Request a refund"

    write(root / "refunds.md", "# Request a refund\n\nRefunds within 60 days as store credit.")
    assert len(kb.ingest_paths([root]).updated) == 1
    assert "60 days" in kb.search("refund").hits[0].chunk

    sso = next(d for d in kb.documents() if d.title == "Single sign-on")
    kb.remove(sso.id)
    assert kb.vectors.count() == kb.catalog.chunk_total() == 1
    kb.close()
