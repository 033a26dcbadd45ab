FROM python:3.12-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /build
COPY pyproject.toml poetry.lock ./
RUN pip install poetry==1.8.4 \
    && poetry export --without-hashes -f requirements.txt -o requirements.txt \
    && pip wheel --wheel-dir /wheels -r requirements.txt

FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
WORKDIR /srv
COPY app ./app
RUN useradd --system --uid 10001 api
USER api
ENV PORT=8000
ENTRYPOINT ["tini", "--"]
CMD ["sh", "-c", "uvicorn app.main:app --host 0.0.0.0 --port $PORT"]
