"""Loader inputs made from the synthetic corpus: schema.org JSON Lines records and simple HTML pages.

The pages are invented here (a head with metadata, a byline, paragraphs); no evaluation page is used.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from bench.corpus import article, build


def json_record(record: dict) -> dict:
    """A schema.org NewsArticle record for a corpus article, entities and quotes included.

    The entities and quotes ride along for a loader that accepts pre-extracted ones.
    """
    return {
        "url": record["url"],
        "headline": record["title"],
        "articleBody": record["body"],
        "author": [{"@type": "Person", "name": a} for a in record["authors"]],
        "datePublished": record["published_at"],
        "publisher": {"@type": "Organization", "name": (record.get("source") or {}).get("name")},
        "inLanguage": record["language"],
        "description": record["description"],
        "entities": record["entities"],
        "quotes": record["quotes"],
    }


def html_page(record: dict) -> str:
    """A plain news page for a corpus article."""
    paragraphs = "\n".join(f"    <p>{html.escape(p)}</p>" for p in record["body"].split("\n\n") if p.strip())
    source = (record.get("source") or {}).get("name") or ""
    author = html.escape(", ".join(record["authors"]))
    title = html.escape(record["title"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | {html.escape(source)}</title>
  <link rel="canonical" href="{html.escape(record['url'])}">
  <meta property="og:title" content="{title}">
  <meta property="og:site_name" content="{html.escape(source)}">
  <meta property="article:published_time" content="{record['published_at']}">
  <meta name="author" content="{author}">
  <meta name="description" content="{html.escape(record['description'] or '')}">
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav></header>
  <main>
  <article>
    <h1>{title}</h1>
    <p class="byline">By {author}, <time datetime="{record['published_at']}">{record['published_at'][:10]}</time></p>
{paragraphs}
  </article>
  </main>
  <footer><p>&copy; {html.escape(source)}. All rights reserved.</p></footer>
</body>
</html>
"""


def write_jsonl(path: Path, n: int, seed: int = 1) -> Path:
    """n corpus articles as JSON Lines records."""
    corpus = build(seed)
    with path.open("w") as out:
        for i in range(n):
            out.write(json.dumps(json_record(article(corpus, i)), ensure_ascii=False) + "\n")
    return path


def write_pages(folder: Path, n: int, seed: int = 1) -> Path:
    """n corpus articles as HTML files in folder."""
    corpus = build(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"page-{i:06d}.html").write_text(html_page(article(corpus, i)))
    return folder
