"""Start-up steps: `flask db seed` loads the seeds into an empty database, and only then."""
from __future__ import annotations

from tests.helpers import SEED, load


def test_db_seed_loads_into_an_empty_database_then_never_again(client, runner):
    first = runner.invoke(args=["db", "seed", str(SEED.parent)])
    second = runner.invoke(args=["db", "seed", str(SEED.parent)])
    assert (first.exit_code, first.output) == (0, "seeds: 1 loaded, 0 updated, 0 unchanged, 0 duplicate, 0 failed\n")
    assert (second.exit_code, second.output) == (0, "database not empty: seeds not loaded\n")
    assert client.get("/api/v1/articles").get_json()["meta"]["count"] == 1


def test_db_seed_leaves_a_database_with_articles_alone(runner, tmp_path):
    own = tmp_path / "own.txt"
    own.write_text(SEED.read_text(encoding="utf-8").replace("North Korea", "Nowhere Land"), encoding="utf-8")
    assert load(runner, own).exit_code == 0
    result = runner.invoke(args=["db", "seed", str(SEED.parent)])
    assert result.output == "database not empty: seeds not loaded\n"
