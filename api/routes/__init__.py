"""One blueprint per resource; each has a collection view and an item view."""
from api.routes import articles, entities, quotes, sources, stats, writes

BLUEPRINTS = (articles.blp, writes.blp, sources.blp, entities.blp, quotes.blp, stats.blp)
