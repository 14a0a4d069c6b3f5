"""marshmallow schemas: one module per resource, each with its output and query-argument schemas."""
