FROM alpine:3.20

ENV PATH /usr/local/bin:$PATH
ENV LANG C.UTF-8

RUN set -eux; \
	apk add --no-cache \
		ca-certificates \
		tzdata \
	;

ENV PYTHON_VERSION 3.13.0

RUN set -eux; \
	\
	apk add --no-cache --virtual .build-deps \
		bzip2-dev \
		dpkg-dev dpkg \
		gcc \
		gnupg \
		libffi-dev \
		linux-headers \
		make \
		ncurses-dev \
		openssl-dev \
		readline-dev \
		sqlite-dev \
		xz \
		zlib-dev \
	; \
	\
	wget -O python.tar.xz "https://python.example.invalid/ftp/$PYTHON_VERSION/Python-$PYTHON_VERSION.tar.xz"; \
	mkdir -p /usr/src/python; \
	tar --extract --directory /usr/src/python --strip-components=1 --file python.tar.xz; \
	rm python.tar.xz; \
	cd /usr/src/python; \
	./configure --enable-shared --with-ensurepip; \
	make -j "$(nproc)"; \
	make install; \
	cd /; \
	rm -rf /usr/src/python; \
	\
	runDeps="$( \
		scanelf --needed --nobanner --format '%n#p' --recursive /usr/local \
			| tr ',' '\n' \
			| sort -u \
			| awk 'system("[ -e /usr/local/lib/" $1 " ]") == 0 { next } { print "so:" $1 }' \
	)"; \
	apk add --no-network --virtual .python-rundeps $runDeps; \
	apk del --no-network .build-deps; \
	python3 --version

CMD ["python3"]
