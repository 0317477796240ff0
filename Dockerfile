# syntax=docker/dockerfile:1
# The ScholarGraph API (FastAPI + GraphQL). Used by docker-compose.yml, which
# points it at Neo4j with SCHOLARGRAPH_DB_URL / NEO4J_USER / NEO4J_PASSWORD.
# The explorer and GraphiQL pages, bundled from npm packages (web/build.mjs) in a throwaway
# Node stage: the image serves them as static files and holds no Node.
FROM node:20-slim AS web
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web web
RUN npm run build

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Nothing is compiled: the slim base has no compiler, and every dependency
# installs from a binary wheel (--only-binary=:all: makes that a hard rule here;
# .ci/run checks the same resolution on every change). The build needs two
# package indexes reachable: PyPI, and PyTorch's CPU index for torch.

# torch first, from the CPU index: left to the resolver (sentence-transformers
# needs torch) it would install PyPI's CUDA build, ~3.6 GB more.
RUN pip install --only-binary=:all: --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

WORKDIR /src
COPY . .
COPY --from=web /src/api/static api/static
# torch==2.13.0 again so pip keeps the CPU build rather than replacing it.
RUN pip install . torch==2.13.0 --only-binary=:all: \
    && rm -rf /src

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin scholar
USER scholar
WORKDIR /home/scholar

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["scholargraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
