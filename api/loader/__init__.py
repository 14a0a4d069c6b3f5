"""The loader: read files (txt | html | json) -> extract a normalised record -> store it.

Extraction is pure functions from raw input to a plain dict, testable without a database; storing is a
thin step that writes one article in one transaction.
"""
import os

# One BLAS thread a process, set before numpy is first imported: the load's parallelism is its worker
# processes, and BLAS threads beside them spin on the cores the other workers need (nearly twice the
# CPU time per article). An explicit setting is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
