ARG ARCH="amd64"
ARG OS="linux"
FROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest
LABEL maintainer="The Metrics Authors <metrics-developers@example.invalid>"
LABEL org.opencontainers.image.source="https://example.invalid/metrics"

ARG ARCH="amd64"
ARG OS="linux"
COPY .build/${OS}-${ARCH}/metricsd        /bin/metricsd
COPY .build/${OS}-${ARCH}/metricstool     /bin/metricstool
COPY documentation/examples/metricsd.yml  /etc/metricsd/metricsd.yml
COPY LICENSE                              /LICENSE
COPY NOTICE                               /NOTICE
COPY npm_licenses.tar.bz2                 /npm_licenses.tar.bz2

WORKDIR /metricsd
RUN chown -R nobody:nobody /etc/metricsd /metricsd && chmod g+w /metricsd

USER       nobody
EXPOSE     9090
VOLUME     [ "/metricsd" ]
ENTRYPOINT [ "/bin/metricsd" ]
CMD        [ "--config.file=/etc/metricsd/metricsd.yml", \
             "--storage.tsdb.path=/metricsd" ]
