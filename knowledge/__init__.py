"""Knowledge base: loaders, chunking, embeddings, Chroma and hybrid search with citations."""
