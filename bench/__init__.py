"""The benchmark suite: a synthetic corpus, the API under load beside its ceiling and Datasette, the loader."""
