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


def test_a_hub_model_without_downloads_fails_with_a_clear_message():
    with pytest.raises(ModelUnavailable, match="downloads are off"):
        Embedder("some-org/some-model-that-is-not-here", allow_download=False)
