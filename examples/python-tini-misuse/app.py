# A small HTTP server with no SIGTERM handler.
import http.server
import sys

port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 8000
http.server.HTTPServer(("", port), http.server.SimpleHTTPRequestHandler).serve_forever()
