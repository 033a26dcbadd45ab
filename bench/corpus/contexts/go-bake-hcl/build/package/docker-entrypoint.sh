#!/bin/sh
set -e
if [ "${1#-}" != "$1" ]; then
  set -- relay "$@"
fi
exec "$@"
