// Handles SIGTERM: closes the server and exits, so docker stop takes well under a second.
const http = require('node:http');
const server = http.createServer((_req, res) => res.end('hello\n')).listen(8080);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
