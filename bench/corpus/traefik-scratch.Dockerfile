# WEBUI
FROM node:22-alpine AS webui

ENV WEBUI_DIR /src/webui
RUN mkdir -p $WEBUI_DIR

COPY ./webui/ $WEBUI_DIR/

WORKDIR $WEBUI_DIR

RUN corepack enable && yarn install
RUN yarn build

# BUILD
FROM golang:1.23-alpine AS gobuild

RUN apk --no-cache --no-progress add git mercurial bash gcc musl-dev curl tar ca-certificates tzdata \
    && update-ca-certificates \
    && rm -rf /var/cache/apk/*

WORKDIR /go/src/proxy

# Download go modules
COPY go.mod .
COPY go.sum .
RUN GO111MODULE=on GOPROXY=https://proxy.example.invalid go mod download

COPY . /go/src/proxy

RUN rm -rf /go/src/proxy/webui/static/
COPY --from=webui /src/webui/static/ /go/src/proxy/webui/static/

RUN ./script/make.sh generate binary

## IMAGE
FROM scratch

COPY --from=gobuild /usr/share/zoneinfo /usr/share/
COPY --from=gobuild /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=gobuild /go/src/proxy/dist/proxy /

EXPOSE 80
VOLUME ["/tmp"]

ENTRYPOINT ["/proxy"]
