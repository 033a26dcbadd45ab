# vim:set ft=dockerfile:

FROM ubuntu:22.04

LABEL maintainer="Example CI Images <images@example.invalid>"

# Change default shell for RUN from Dash to Bash
SHELL ["/bin/bash", "-exo", "pipefail", "-c"]

ENV DEBIAN_FRONTEND=noninteractive \
    TERM=dumb \
    PAGER=cat

# Configure environment
RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90ci && \
	echo 'DPkg::Options "--force-confnew";' >> /etc/apt/apt.conf.d/90ci && \
	apt-get update && apt-get install -y \
		curl \
		locales \
		sudo \
	&& \
	locale-gen en_US.UTF-8 && \
	rm -rf /var/lib/apt/lists/* && \
	\
	useradd --uid=3434 --user-group --create-home ci && \
	echo 'ci ALL=NOPASSWD: ALL' >> /etc/sudoers.d/50-ci && \
	echo 'Defaults    env_keep += "DEBIAN_FRONTEND"' >> /etc/sudoers.d/env_keep && \
	sudo -u ci mkdir /home/ci/project && \
	sudo -u ci mkdir /home/ci/bin && \
	sudo -u ci mkdir -p /home/ci/.local/bin && \
	\
	dockerizeURL="https://example.invalid/dockerize/v0.8.0/dockerize-linux-amd64-v0.8.0.tar.gz" && \
	curl -sSL --fail --retry 3 --output /tmp/dockerize.tar.gz "${dockerizeURL}" && \
	tar -C /usr/local/bin -xzvf /tmp/dockerize.tar.gz && \
	rm -rf /tmp/dockerize.tar.gz && \
	dockerize --version

ENV PATH=/home/ci/bin:/home/ci/.local/bin:$PATH \
	LANG=en_US.UTF-8 \
	LANGUAGE=en_US:en \
	LC_ALL=en_US.UTF-8

RUN noInstallRecommends="" && \
	if [[ "22.04" == "22.04" ]]; then \
		noInstallRecommends="--no-install-recommends"; \
	fi && \
	apt-get update && apt-get install -y $noInstallRecommends \
		autoconf \
		build-essential \
		ca-certificates \
		cmake \
		gnupg \
		gzip \
		jq \
		libcurl4-openssl-dev \
		libmariadb-dev \
		libmariadb-dev-compat \
		libpq-dev \
		libssl-dev \
		libsqlite3-dev \
		make \
		mercurial \
		net-tools \
		netcat \
		openssh-client \
		parallel \
		pkg-config \
		postgresql-client \
		python-is-python3 \
		retry \
		shellcheck \
		software-properties-common \
		tar \
		tzdata \
		unzip \
		wget \
		zip && \
	add-apt-repository ppa:git-core/ppa && apt-get install -y git && \
	rm -rf /var/lib/apt/lists/*

# Install Docker - needs the setup_remote_docker step
ENV DOCKER_VERSION 5:27.3.1-1~ubuntu
RUN apt-get update && apt-get install -y \
		docker-ce=${DOCKER_VERSION}~$( source /etc/os-release && echo $VERSION_ID )~$( source /etc/os-release && echo $UBUNTU_CODENAME ) \
		docker-ce-cli=${DOCKER_VERSION}~$( source /etc/os-release && echo $VERSION_ID )~$( source /etc/os-release && echo $UBUNTU_CODENAME ) \
		containerd.io \
	&& \
	docker --version && \
	rm -rf /var/lib/apt/lists/*

USER ci
# Run commands and tests as the CI user
RUN whoami && \
	git --version && git lfs version && \
	docker --version && \
	docker compose version && \
	jq --version && \
	yq --version

WORKDIR /home/ci/project
