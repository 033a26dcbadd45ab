// No SIGTERM handler: as PID 1, node ignores docker stop.
const http = require('node:http');
http.createServer((_req, res) => res.end('hello\n')).listen(8080);
