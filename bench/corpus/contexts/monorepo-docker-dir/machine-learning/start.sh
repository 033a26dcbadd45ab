#!/usr/bin/env sh
: "${MACHINE_LEARNING_HOST:=[::]}"
: "${MACHINE_LEARNING_PORT:=3003}"
exec gunicorn app.main:app \
	-k app.config.CustomUvicornWorker \
	-b "$MACHINE_LEARNING_HOST":"$MACHINE_LEARNING_PORT" \
	-w "$MACHINE_LEARNING_WORKERS" \
	--log-config-json log_conf.json \
	--graceful-timeout 0
