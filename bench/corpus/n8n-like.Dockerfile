ARG NODE_VERSION=20

# 1. Build the workflow tool's node base with the system tools it shells out to
FROM node:${NODE_VERSION}-alpine AS base

RUN \
	apk add --update git openssh openssl graphicsmagick tini tzdata ca-certificates libc6-compat jq && \
	# Update npm to a pinned version
	npm install -g npm@10.9.0 corepack@0.30.0 && \
	corepack enable && \
	# Install fonts for PDF and image rendering
	apk --no-cache add --virtual .build-deps-fonts msttcorefonts-installer fontconfig && \
	update-ms-fonts && \
	fc-cache -f && \
	apk del .build-deps-fonts && \
	find /usr/share/fonts/truetype/msttcorefonts/ -type l -exec unlink {} \; && \
	# Clean up caches
	rm -rf /tmp/* /root/.npm /root/.cache/node /opt/yarn* && \
	apk del apk-tools

# 2. The application image
FROM base

ARG APP_VERSION
ARG LAUNCHER_VERSION=1.1.0
ARG TARGETPLATFORM

LABEL org.opencontainers.image.title="workflow-automation"
LABEL org.opencontainers.image.version=${APP_VERSION}

ENV APP_VERSION=${APP_VERSION}
ENV NODE_ENV=production
ENV APP_RELEASE_TYPE=stable

RUN set -eux; \
	npm install -g --omit=dev workflow-app@${APP_VERSION} --ignore-scripts && \
	npm rebuild --prefix=/usr/local/lib/node_modules/workflow-app sqlite3 && \
	rm -rf /usr/local/lib/node_modules/workflow-app/node_modules/@types && \
	rm -rf /root/.npm

# Set up the task runner launcher
RUN \
	if [[ "$TARGETPLATFORM" = "linux/amd64" ]]; then export ARCH_NAME="amd64"; \
	elif [[ "$TARGETPLATFORM" = "linux/arm64" ]]; then export ARCH_NAME="arm64"; fi; \
	mkdir /launcher-temp && \
	cd /launcher-temp && \
	wget https://example.invalid/launcher/${LAUNCHER_VERSION}/launcher-linux-${ARCH_NAME}.tar.gz && \
	wget https://example.invalid/launcher/${LAUNCHER_VERSION}/launcher-linux-${ARCH_NAME}.tar.gz.sha256 && \
	echo "$(cat launcher-linux-${ARCH_NAME}.tar.gz.sha256) launcher-linux-${ARCH_NAME}.tar.gz" > checksum.sha256 && \
	sha256sum -c checksum.sha256 && \
	tar xvf launcher-linux-${ARCH_NAME}.tar.gz --directory=/usr/local/bin && \
	cd - && \
	rm -r /launcher-temp

COPY docker-entrypoint.sh /
COPY task-runners.json /etc/task-runners.json

RUN \
	mkdir .app && \
	chown node:node .app
ENV SHELL /bin/sh
USER node
ENTRYPOINT ["tini", "--", "/docker-entrypoint.sh"]
