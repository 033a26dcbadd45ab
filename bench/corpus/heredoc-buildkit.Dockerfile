# syntax=docker/dockerfile:1.7
FROM debian:bookworm-slim AS base

RUN <<EOT bash
  set -ex
  apt-get update
  apt-get install -y --no-install-recommends \
    ca-certificates \
    curl \
    python3
  rm -rf /var/lib/apt/lists/*
EOT

# a script file written from a heredoc, with a quoted delimiter so nothing expands here
COPY <<'EOF' /usr/local/bin/healthcheck
#!/bin/sh
# this is a comment inside the script, not a Dockerfile comment
exec curl -fsS "http://127.0.0.1:${PORT:-8080}/health"
EOF

COPY --chmod=755 <<EOF /etc/app/config.ini
[server]
port = 8080
workers = ${WORKERS:-2}
EOF

RUN <<-EOF
	echo "tabs are stripped with <<-"
	mkdir -p /srv/app
EOF

RUN <<FIRST cat > /tmp/a && <<SECOND cat > /tmp/b
first file
FIRST
second file
SECOND

FROM base AS runtime
WORKDIR /srv/app
COPY app.py .
RUN chmod +x /usr/local/bin/healthcheck
HEALTHCHECK --interval=10s CMD ["/usr/local/bin/healthcheck"]
USER nobody
CMD python3 app.py
