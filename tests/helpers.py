"""Small helpers the tests share."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_c95043c45fefd0ec.txt"


def load(runner, *paths: str, args: tuple[str, ...] = ("--workers", "1")):
    """Run `flask load` on paths; return the click result."""
    return runner.invoke(args=["load", *args, *[str(p) for p in paths]])
