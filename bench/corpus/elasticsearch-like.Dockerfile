################################################################################
# Build stage 1: fetch the distribution and a static tini
################################################################################
FROM ubuntu:22.04 AS builder

RUN for iter in 1 2 3 4 5 6 7 8 9 10; do \
      apt-get update && \
      apt-get install -y curl && \
      exit_code=0 && break || \
        exit_code=$? && echo "apt-get error: retry $iter in 10s" && sleep 10; \
    done; \
    exit $exit_code

# `tini` is a tiny but valid init for containers. This is used to cleanly
# control how ES and any child processes are shut down.
RUN set -eux ; \
    tini_bin="" ; \
    case "$(arch)" in \
        aarch64) tini_bin='tini-arm64' ;; \
        x86_64)  tini_bin='tini-amd64' ;; \
        *) echo >&2 ; echo >&2 "Unsupported architecture $(arch)" ; echo >&2 ; exit 1 ;; \
    esac ; \
    curl --retry 10 -S -L -O https://example.invalid/tini/releases/download/v0.19.0/${tini_bin} ; \
    curl --retry 10 -S -L -O https://example.invalid/tini/releases/download/v0.19.0/${tini_bin}.sha256sum ; \
    sha256sum -c ${tini_bin}.sha256sum ; \
    rm ${tini_bin}.sha256sum ; \
    mv ${tini_bin} /bin/tini ; \
    chmod 0555 /bin/tini

RUN mkdir /usr/share/search
WORKDIR /usr/share/search

RUN curl --retry 10 -S -L --output /tmp/search.tar.gz https://artifacts.example.invalid/downloads/search-8.16.0-linux-$(arch).tar.gz

RUN tar -zxf /tmp/search.tar.gz --strip-components=1

COPY config/search.yml config/
COPY config/log4j2.properties config/log4j2.docker.properties
RUN sed -i -e 's/SEARCH_DISTRIBUTION_TYPE=tar/SEARCH_DISTRIBUTION_TYPE=docker/' bin/search-env && \
    mkdir data && \
    mv config/log4j2.properties config/log4j2.file.properties && \
    mv config/log4j2.docker.properties config/log4j2.properties && \
    find . -type d -exec chmod 0555 {} + && \
    find . -type f -exec chmod 0444 {} + && \
    chmod 0555 bin/* jdk/bin/* jdk/lib/jspawnhelper modules/x-pack-ml/platform/linux-*/bin/* && \
    chmod 0775 bin config config/jvm.options.d data logs plugins && \
    find config -type f -exec chmod 0664 {} +

################################################################################
# Build stage 2 (the actual image):
################################################################################

FROM ubuntu:22.04

# Change default shell to bash, then install required packages with retries.
RUN yes no | dpkg-reconfigure dash && \
    for iter in 1 2 3 4 5 6 7 8 9 10; do \
      export DEBIAN_FRONTEND=noninteractive && \
      apt-get update && \
      apt-get upgrade -y && \
      apt-get install -y --no-install-recommends \
        ca-certificates curl netcat p11-kit unzip zip && \
      apt-get clean && \
      rm -rf /var/lib/apt/lists/* && \
      exit_code=0 && break || \
        exit_code=$? && echo "apt-get error: retry $iter in 10s" && sleep 10; \
    done; \
    exit $exit_code

RUN groupadd -g 1000 search && \
    adduser --uid 1000 --gid 1000 --home /usr/share/search search && \
    adduser search root && \
    chown -R 0:0 /usr/share/search

ENV SEARCH_CONTAINER true

WORKDIR /usr/share/search

COPY --from=builder --chown=0:0 /usr/share/search /usr/share/search
COPY --from=builder --chown=0:0 /bin/tini /bin/tini

ENV PATH /usr/share/search/bin:$PATH

COPY bin/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh

# 1. Sync the user and group permissions of /etc/passwd
# 2. Set correct permissions of the entrypoint
RUN chmod g=u /etc/passwd && \
    chmod 0555 /usr/local/bin/docker-entrypoint.sh && \
    find / -xdev -perm -4000 -exec chmod ug-s {} + && \
    chmod 0775 /usr/share/search && \
    chown search bin config config/jvm.options.d data logs plugins

# Update "cacerts" bundle to use Ubuntu's CA certificates
RUN /usr/share/search/jdk/bin/java -version

EXPOSE 9200 9300

LABEL org.label-schema.name="search" \
  org.opencontainers.image.title="search" \
  org.opencontainers.image.version="8.16.0"

# Our actual entrypoint is `tini`, a minimal but functional init program. It
# calls the entrypoint we provide, while correctly forwarding signals.
ENTRYPOINT ["/bin/tini", "--", "/usr/local/bin/docker-entrypoint.sh"]
# Dummy overridable parameter parsed by entrypoint
CMD ["eswrapper"]

USER 1000:0

HEALTHCHECK --interval=10s --start-period=1m --timeout=5s --retries=6 CMD curl --fail --silent --show-error http://localhost:9200/_cluster/health || exit 1
