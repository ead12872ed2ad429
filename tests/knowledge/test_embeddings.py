import threading

import numpy as np
import pytest

from knowledge.embeddings import Embedder, ModelUnavailable, resolve_model


def test_default_model_is_the_bundled_directory():
    target, local = resolve_model(None)
    assert local and target.endswith("model")


def test_vectors_are_normalised(embedder):
    vectors = embedder.encode(["reset my password", "forgot my password"])
    assert vectors.shape == (2, embedder.dimension)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
    assert float(vectors[0] @ vectors[1]) > 0.7


def test_encoding_from_short_lived_threads_runs_on_one_lasting_thread(embedder, monkeypatch):
    """LangGraph calls each tool in a new thread; torch would start new worker threads for each of them."""
    ran_on = []
    original = embedder.model.encode
    monkeypatch.setattr(embedder.model, "encode", lambda *a, **k: ran_on.append(threading.get_ident()) or original(*a, **k))
    results = []
    for text in ("reset my password", "forgot my password"):
        caller = threading.Thread(target=lambda t=text: results.append(embedder.encode([t])))
        caller.start()
        caller.join()
    assert len(ran_on) == 2 and ran_on[0] == ran_on[1] != threading.get_ident()
    assert all(r.shape == (1, embedder.dimension) for r in results)
    assert np.allclose(results[0][0], embedder.encode(["reset my password"])[0], atol=1e-5)


def test_a_hub_model_without_downloads_fails_with_a_clear_message():
    with pytest.raises(ModelUnavailable, match="downloads are off"):
        Embedder("some-org/some-model-that-is-not-here", allow_download=False)
