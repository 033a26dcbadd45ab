FROM alpine:3.20 AS build

ENV PATH /usr/local/go/bin:$PATH
ENV GOLANG_VERSION 1.23.3

RUN set -eux; \
	apk add --no-cache --virtual .fetch-deps \
		ca-certificates \
		gnupg \
		tar \
	; \
	arch="$(apk --print-arch)"; \
	url=; \
	case "$arch" in \
		'x86_64') url='https://dl.example.invalid/go1.23.3.linux-amd64.tar.gz'; sha256='1111111111111111111111111111111111111111111111111111111111111111' ;; \
		'armhf') url='https://dl.example.invalid/go1.23.3.linux-armv6l.tar.gz'; sha256='2222222222222222222222222222222222222222222222222222222222222222' ;; \
		'armv7') url='https://dl.example.invalid/go1.23.3.linux-armv6l.tar.gz'; sha256='2222222222222222222222222222222222222222222222222222222222222222' ;; \
		'aarch64') url='https://dl.example.invalid/go1.23.3.linux-arm64.tar.gz'; sha256='3333333333333333333333333333333333333333333333333333333333333333' ;; \
		'x86') url='https://dl.example.invalid/go1.23.3.linux-386.tar.gz'; sha256='4444444444444444444444444444444444444444444444444444444444444444' ;; \
		'ppc64le') url='https://dl.example.invalid/go1.23.3.linux-ppc64le.tar.gz'; sha256='5555555555555555555555555555555555555555555555555555555555555555' ;; \
		'riscv64') url='https://dl.example.invalid/go1.23.3.linux-riscv64.tar.gz'; sha256='6666666666666666666666666666666666666666666666666666666666666666' ;; \
		's390x') url='https://dl.example.invalid/go1.23.3.linux-s390x.tar.gz'; sha256='7777777777777777777777777777777777777777777777777777777777777777' ;; \
		*) echo >&2 "error: unsupported architecture '$arch' (likely packaging update needed)"; exit 1 ;; \
	esac; \
	\
	wget -O go.tgz.asc "$url.asc"; \
	wget -O go.tgz "$url"; \
	echo "$sha256 *go.tgz" | sha256sum -c -; \
	\
	GNUPGHOME="$(mktemp -d)"; export GNUPGHOME; \
	gpg --batch --keyserver keyserver.example.invalid --recv-keys 'AAAA BBBB CCCC DDDD EEEE  FFFF 0000 1111 2222 3333'; \
	gpg --batch --verify go.tgz.asc go.tgz; \
	gpgconf --kill all; \
	rm -rf "$GNUPGHOME" go.tgz.asc; \
	\
	tar -C /usr/local -xzf go.tgz; \
	rm go.tgz; \
	\
	SOURCE_DATE_EPOCH="$(find /usr/local/go -type f -exec stat -c '%Y' '{}' + | sort -nr | head -n1)"; \
	export SOURCE_DATE_EPOCH; \
	touchy="$(date -d "@$SOURCE_DATE_EPOCH" '+%Y%m%d%H%M.%S')"; \
	date --date "@$SOURCE_DATE_EPOCH" --rfc-2822; \
	\
	apk del --no-network .fetch-deps; \
	\
	go version

FROM alpine:3.20

RUN apk add --no-cache ca-certificates

ENV GOLANG_VERSION 1.23.3
ENV GOTOOLCHAIN=local
ENV GOPATH /go
ENV PATH $GOPATH/bin:/usr/local/go/bin:$PATH
COPY --from=build --link /usr/local/go/ /usr/local/go/
RUN mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"
WORKDIR $GOPATH
