# The production image: a virtualenv built from the hash-pinned requirements in one stage, copied onto a
# clean base in the next (no compilers, no pip cache), run by gunicorn as a non-root user.
#   docker build -t news-api .            # python:3.12-slim
#   podman build --build-arg BASE_IMAGE=localhost/base:bookworm .   # any Debian-like base with python3 + venv
# Every stage names BASE_IMAGE, so the same file builds where no image registry is reachable.
ARG BASE_IMAGE=python:3.12-slim

FROM ${BASE_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
COPY requirements-pip.txt requirements.txt /tmp/
# Wheels only: a package that would need compiling fails the build here instead of pulling in a compiler.
RUN python3 -m venv /venv \
    && /venv/bin/pip install --no-compile --require-hashes -r /tmp/requirements-pip.txt \
    && /venv/bin/pip install --no-compile --require-hashes --only-binary=:all: -r /tmp/requirements.txt

FROM ${BASE_IMAGE}
ARG APP_UID=10001
RUN groupadd --gid "${APP_UID}" app \
    && useradd --uid "${APP_UID}" --gid app --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /data \
    && chown app:app /data
COPY --from=build /venv /venv
WORKDIR /app
COPY . .
# Bytecode compiled now, as root: the app user cannot write it at run time, and start-up is faster.
RUN /venv/bin/python -m compileall -q -j 0 /venv /app
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATABASE_URL=sqlite:////data/news.db \
    LOAD_SEEDS=1 \
    PORT=8000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/news-api-metrics
VOLUME ["/data"]
USER ${APP_UID}:${APP_UID}
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('PORT', '8000'), timeout=4)"]
ENTRYPOINT ["python", "/app/docker/entrypoint.py"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]
