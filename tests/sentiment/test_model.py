"""The shipped model on real paths: the write path, POST /api/v1/sentiment, `crm sentiment score|rescore`, and
the transformers backend (a real pipeline on a locally built model; a hub id offline fails clearly and fast)."""

import json
import time

import pytest
from fastapi.testclient import TestClient

from crm_core import scoring
from crm_core.config import Settings
from crm_core.users.models import Role
from sentiment.backends import TransformersScorer, load_scorer
from sentiment.heads import EmbeddingHeadScorer
from sentiment.scoring import ScorerUnavailable
from tests.factories import make_caller, make_record

ANGRY = "Your dashboards have been down for two hours, our whole team is blocked and nobody answers. Unacceptable."
HAPPY = "That fixed it, thank you so much for the quick help!"
QUESTION = "How do I schedule a CSV export to our S3 bucket every Monday?"


@pytest.fixture(scope="module")
def heads(embedder):
    return EmbeddingHeadScorer(embedder)


@pytest.fixture
def scored_app(engine, sessions, tmp_path, heads):
    from channels.http.app import create_app

    app = create_app(Settings(data_dir=tmp_path), engine=engine, scorer=heads)
    with TestClient(app) as client:
        yield client
    scoring.install(None)


def test_the_shipped_model_reads_customer_service_language(heads):
    angry, happy, question = heads.score([ANGRY, HAPPY, QUESTION])
    assert angry.label == "negative" and angry.score < -0.3
    assert angry.urgency in ("high", "urgent") and angry.category == "outage"
    assert happy.label == "positive" and happy.score > 0.3
    assert question.label == "neutral" and question.category == "how_to"
    assert all(0.0 < r.confidence <= 1.0 for r in (angry, happy, question))


def test_the_api_scores_a_batch_in_order(scored_app, sessions):
    caller = make_caller(sessions, Role.rep)
    response = scored_app.post("/api/v1/sentiment", headers=caller.headers, json={"texts": [HAPPY, ANGRY, QUESTION]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model"].startswith("embedding-heads:")
    assert [r["label"] for r in body["results"]] == ["positive", "negative", "neutral"]
    assert set(body["results"][0]) == {"label", "score", "confidence", "urgency", "category"}


@pytest.mark.parametrize("texts, location", [([], ["body", "texts"]), (["x"] * 257, ["body", "texts"]),
                                             ([3], ["body", "texts", 0])])
def test_the_api_rejects_bad_batches_naming_the_field(scored_app, sessions, texts, location):
    caller = make_caller(sessions, Role.rep)
    response = scored_app.post("/api/v1/sentiment", headers=caller.headers, json={"texts": texts})
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [location]


def test_the_api_needs_a_caller(scored_app):
    assert scored_app.post("/api/v1/sentiment", json={"texts": [HAPPY]}).status_code == 401


def test_a_ticket_written_through_the_api_is_scored_by_the_real_model(scored_app, sessions):
    caller = make_caller(sessions, Role.manager)
    response = scored_app.post("/api/v1/tickets", headers=caller.headers,
                               json={"subject": "Dashboards down", "description": ANGRY, "priority": "normal"})
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert ticket["sentiment_label"] == "negative" and ticket["urgency"] in ("high", "urgent")
    assert ticket["priority"] in ("high", "urgent")  # raised by the escalation rule
    assert ticket["scored_by"].startswith("embedding-heads:")


def test_crm_sentiment_score_prints_one_json_line_per_text(crm, tmp_path):
    texts = tmp_path / "texts.txt"
    texts.write_text(f"{ANGRY}\n\n{HAPPY}\n")
    result = crm("sentiment", "score", "--file", texts)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(l["text"], l["label"]) for l in lines] == [(ANGRY, "negative"), (HAPPY, "positive")]

    piped = crm("sentiment", "score", input=QUESTION + "\n")
    assert json.loads(piped.output)["category"] == "how_to"


def test_crm_sentiment_rescore_fills_tickets_saved_unscored(crm, sessions):
    scoring.install(None)
    ticket = make_record(sessions, "tickets", subject="Charged twice", description="You billed my card twice, fix it now.")
    assert ticket.scored_at is None
    result = crm("sentiment", "rescore")
    scoring.install(None)
    assert result.exit_code == 0, result.output
    assert "scored 1 tickets" in result.output
    from crm_core.tickets.models import Ticket

    with sessions() as session:
        scored = session.get(Ticket, ticket.id)
        assert scored.sentiment_label == "negative" and scored.category == "billing" and scored.scored_at


def test_a_hub_model_offline_fails_fast_with_what_to_do(embedder):
    started = time.monotonic()
    with pytest.raises(ScorerUnavailable, match="CRM_ALLOW_MODEL_DOWNLOAD"):
        load_scorer("some-org/some-sentiment-model")
    assert time.monotonic() - started < 30  # it must not sit retrying a network it does not have


def test_the_transformers_backend_runs_any_local_text_classification_model(tmp_path, heads):
    """A small model built here (random weights, the bundled tokenizer) stands in for a user's downloaded one:
    the pipeline, batching and label mapping are real; the labels it picks are not meaningful."""
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from knowledge.embeddings import bundled_model_path

    tokenizer = AutoTokenizer.from_pretrained(bundled_model_path())
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, num_labels=3, id2label={0: "NEGATIVE", 1: "NEUTRAL", 2: "POSITIVE"},
                        label2id={"NEGATIVE": 0, "NEUTRAL": 1, "POSITIVE": 2})
    BertForSequenceClassification(config).save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)

    scorer = TransformersScorer(str(tmp_path), heads)
    results = scorer.score([ANGRY, HAPPY, QUESTION])
    assert len(results) == 3 and scorer.name == f"transformers:{tmp_path}"
    for result in results:
        assert result.label in ("negative", "neutral", "positive")
        assert -1.0 <= result.score <= 1.0 and 0.0 < result.confidence <= 1.0
        assert result.urgency and result.category  # still from the heads
    assert results[0].category == "outage"
