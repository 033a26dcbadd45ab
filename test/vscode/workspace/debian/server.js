// A server with no SIGTERM handler.
require('node:http')
  .createServer((_req, res) => res.end('ok\n'))
  .listen(8080);
