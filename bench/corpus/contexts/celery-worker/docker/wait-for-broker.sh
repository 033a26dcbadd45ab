#!/bin/sh
set -e
until python -c "import socket; socket.create_connection(('redis', 6379), 1)" 2>/dev/null; do
  echo "waiting for the broker"
  sleep 1
done
exec "$@"
