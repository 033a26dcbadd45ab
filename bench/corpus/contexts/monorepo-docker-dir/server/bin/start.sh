#!/usr/bin/env bash
echo "Initializing server $APP_VERSION"
lib_path="/usr/lib/$(arch)-linux-gnu/libjemalloc.so.2"
if [ -f "$lib_path" ]; then
  export LD_PRELOAD="$lib_path"
fi
exec node /usr/src/app/dist/main "$@"
