#!/bin/sh
# Starts the service in the background and waits for it to answer; gives up after 48 tries.
java -jar /opt/app/app.jar &
tries=0
until curl -s http://localhost:8080/ | grep -q Coyote; do
  tries=$((tries + 1))
  if [ "$tries" -ge 48 ]; then
    echo "service did not come up" >&2
    exit 1
  fi
  sleep 5
done
while true; do sleep 60; done
