# syntax=docker/dockerfile:1.7

# Build arguments shared by several stages must come before the first FROM
ARG TARGETPLATFORM=${TARGETPLATFORM}
ARG BUILDPLATFORM=${BUILDPLATFORM}
ARG BASE_REGISTRY="docker.io"

ARG RUBY_VERSION="3.3.6"
ARG NODE_MAJOR_VERSION="22"
ARG DEBIAN_VERSION="bookworm"

FROM ${BASE_REGISTRY}/node:${NODE_MAJOR_VERSION}-${DEBIAN_VERSION}-slim AS node
FROM ${BASE_REGISTRY}/ruby:${RUBY_VERSION}-slim-${DEBIAN_VERSION} AS ruby

ARG APP_VERSION_PRERELEASE=""
ARG APP_VERSION_METADATA=""
ARG SOURCE_COMMIT=""

ARG RAILS_SERVE_STATIC_FILES="true"
ARG RUBY_YJIT_ENABLE="1"
ARG TZ="Etc/UTC"
ARG UID="991"
ARG GID="991"

ENV \
  APP_VERSION_PRERELEASE="${APP_VERSION_PRERELEASE}" \
  APP_VERSION_METADATA="${APP_VERSION_METADATA}" \
  SOURCE_COMMIT="${SOURCE_COMMIT}" \
  RAILS_SERVE_STATIC_FILES=${RAILS_SERVE_STATIC_FILES} \
  RUBY_YJIT_ENABLE=${RUBY_YJIT_ENABLE} \
  TZ=${TZ}

ENV \
  BIND="0.0.0.0" \
  NODE_ENV="production" \
  RAILS_ENV="production" \
  DEBIAN_FRONTEND="noninteractive" \
  PATH="${PATH}:/opt/ruby/bin:/opt/app/bin" \
  MALLOC_CONF="narenas:2,background_thread:true,thp:never,dirty_decay_ms:1000,muzzy_decay_ms:0"

SHELL ["/bin/bash", "-o", "pipefail", "-o", "errexit", "-c"]

ARG TARGETPLATFORM

RUN echo "Target platform is $TARGETPLATFORM"

RUN \
  rm -f /etc/apt/apt.conf.d/docker-clean; \
  echo "${TZ}" > /etc/localtime; \
  groupadd -g "${GID}" app; \
  useradd -l -u "${UID}" -g "${GID}" -m -d /opt/app app; \
  ln -s /opt/app /app;

WORKDIR /opt/app

RUN \
  --mount=type=cache,id=apt-cache-${TARGETPLATFORM},target=/var/cache/apt,sharing=locked \
  --mount=type=cache,id=apt-lib-${TARGETPLATFORM},target=/var/lib/apt,sharing=locked \
  apt-get update; \
  apt-get dist-upgrade -yq; \
  apt-get install -y --no-install-recommends \
    curl \
    file \
    libjemalloc2 \
    patchelf \
    procps \
    tini \
    tzdata \
    wget \
  ; \
  patchelf --add-needed libjemalloc.so.2 /usr/local/bin/ruby; \
  apt-get purge -y \
    patchelf \
  ;

FROM ruby AS build

RUN \
  --mount=type=cache,id=apt-cache-${TARGETPLATFORM},target=/var/cache/apt,sharing=locked \
  --mount=type=cache,id=apt-lib-${TARGETPLATFORM},target=/var/lib/apt,sharing=locked \
  apt-get install -y --no-install-recommends \
    autoconf \
    automake \
    build-essential \
    cmake \
    git \
    libgdbm-dev \
    libglib2.0-dev \
    libgmp-dev \
    libicu-dev \
    libidn-dev \
    libpq-dev \
    libssl-dev \
    libtool \
    meson \
    nasm \
    pkg-config \
    shared-mime-info \
    xz-utils \
  ;

FROM build AS bundler

ARG TARGETPLATFORM

COPY Gemfile* /opt/app/

RUN \
  --mount=type=cache,id=gem-cache-${TARGETPLATFORM},target=/usr/local/bundle/cache/,sharing=locked \
  bundle config set --global frozen "true"; \
  bundle config set --global cache_all "false"; \
  bundle config set --local without "development test"; \
  bundle config set silence_root_warning "true"; \
  bundle install -j"$(nproc)";

FROM build AS precompiler

ARG TARGETPLATFORM

COPY . /opt/app/
COPY --from=node /usr/local/bin /usr/local/bin
COPY --from=node /usr/local/lib /usr/local/lib
COPY --from=bundler /usr/local/bundle/ /usr/local/bundle/

RUN \
  --mount=type=cache,id=corepack-cache-${TARGETPLATFORM},target=/usr/local/share/.cache/corepack,sharing=locked \
  --mount=type=cache,id=yarn-cache-${TARGETPLATFORM},target=/usr/local/share/.cache/yarn,sharing=locked \
  corepack enable; \
  yarn workspaces focus --production @app/app; \
  ldconfig; \
  SECRET_KEY_BASE_DUMMY=1 \
  bundle exec rails assets:precompile; \
  rm -fr /opt/app/tmp;

FROM ruby AS app

ARG TARGETPLATFORM

RUN \
  --mount=type=cache,id=apt-cache-${TARGETPLATFORM},target=/var/cache/apt,sharing=locked \
  --mount=type=cache,id=apt-lib-${TARGETPLATFORM},target=/var/lib/apt,sharing=locked \
  apt-get install -y --no-install-recommends \
    libexpat1 \
    libglib2.0-0 \
    libicu72 \
    libidn12 \
    libpq5 \
    libreadline8 \
    libssl3 \
    libyaml-0-2 \
  ;

COPY --chown=app:app . /opt/app/
COPY --from=precompiler /opt/app/public/packs /opt/app/public/packs
COPY --from=bundler /usr/local/bundle/ /usr/local/bundle/

RUN \
  ldconfig; \
  bundle exec bootsnap precompile --gemfile app/ lib/; \
  mkdir -p /opt/app/public/system; \
  chown app:app /opt/app/public/system; \
  chown -R app:app /opt/app/tmp;

USER app

ENTRYPOINT ["/usr/bin/tini", "--"]

EXPOSE 3000
