"""`python -m bench generate|api|profile|loader`: the benchmark suite (see bench/README.md)."""
from __future__ import annotations

import argparse
import os


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    url = os.environ.get("DATABASE_URL")

    gen = sub.add_parser("generate", help="write a synthetic corpus through the store layer")
    gen.add_argument("--articles", type=int, required=True)
    gen.add_argument("--database-url", default=url, required=url is None)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--batch", type=int, default=500, help="articles per transaction")

    api = sub.add_parser("api", help="our API vs the bare-Flask ceiling vs Datasette, under wrk")
    api.add_argument("--database-url", default=url, required=url is None)
    api.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    api.add_argument("--connections", type=int, default=16)
    api.add_argument("--rounds", type=int, default=2)
    api.add_argument("--datasette-sqlite", help="with a PostgreSQL URL: a SQLite copy of the corpus for Datasette")
    api.add_argument("--only", action="append", help="run only scenarios whose name contains this (repeatable)")

    prof = sub.add_parser("profile", help="CPU µs per request of each scenario, in process (optional cProfile)")
    prof.add_argument("--database-url", default=url, required=url is None)
    prof.add_argument("--requests", type=int, default=2000, help="requests per scenario")
    prof.add_argument("--only", action="append", help="run only scenarios whose name contains this (repeatable)")
    prof.add_argument("--rounds", type=int, default=3, help="report the best of this many runs")
    prof.add_argument("--top", type=int, default=0, help="also print cProfile's top N functions by own time")

    loader = sub.add_parser("loader", help="articles/s of `flask load`: JSON records and HTML pages")
    loader.add_argument("--records", type=int, default=2000, help="JSON records to load")
    loader.add_argument("--pages", type=int, default=200, help="HTML pages to load (full extraction and NLP)")
    loader.add_argument("--seed", type=int, default=1)

    args = parser.parse_args(argv)
    if args.command == "generate":
        from bench.generate import generate

        result = generate(args.articles, args.database_url, seed=args.seed, batch=args.batch)
        from bench.results import write_section

        backend = "sqlite" if args.database_url.startswith("sqlite") else "postgresql"
        write_section(f"generate-{backend}-{args.articles}", f"Generate, {backend}, {args.articles:,} articles",
                      f"`python -m bench generate --articles {args.articles}` on "
                      f"{backend}: {result['seconds']:.1f} s, "
                      f"{result['rate']:.0f} articles/s (records built in a child process while the "
                      f"previous batch is stored).\n")
    elif args.command == "api":
        from bench.api import run

        run(args.database_url, duration=args.duration, connections=args.connections, rounds=args.rounds,
            datasette_sqlite=args.datasette_sqlite, only=args.only)
    elif args.command == "profile":
        from bench.profile import run as run_profile

        run_profile(args.database_url, requests=args.requests, only=args.only, top=args.top,
                    rounds=args.rounds)
    else:
        from bench.loader import run as run_loader

        run_loader(records=args.records, pages=args.pages, seed=args.seed)


if __name__ == "__main__":
    main()
