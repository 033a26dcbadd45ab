FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive

# comments between continued lines are removed by the builder before the shell sees the command
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        # TLS roots for outgoing HTTPS
        ca-certificates \
        # the crawler's browser and fonts
        chromium \
        fonts-liberation \
        fonts-noto-cjk \
        # process tools for the healthcheck
        procps \
    # keep the image small
    && rm -rf /var/lib/apt/lists/*

RUN set -eux; \
    # one user for the browser, none of root's powers
    useradd --create-home --shell /usr/sbin/nologin crawler; \
    mkdir -p /data; \
    # the crawler writes its queue here
    chown crawler:crawler /data

COPY --chown=crawler:crawler crawler.py requirements.txt /home/crawler/
RUN apt-get update && apt-get install -y --no-install-recommends python3-pip \
    && pip3 install --break-system-packages --no-cache-dir -r /home/crawler/requirements.txt \
    && rm -rf /var/lib/apt/lists/*

USER crawler
WORKDIR /home/crawler
ENTRYPOINT python3 crawler.py --headless --out /data
