"""The loader: read files (txt | html | json) -> extract a normalised record -> store it.

Extraction is pure functions from raw input to a plain dict, testable without a database; storing is a
thin step that writes one article in one transaction.
"""
