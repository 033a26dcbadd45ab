// Run by permission.test.ts as an unprivileged uid: connect to the engine the
// normal way and print the resulting state kind, message and remedy as JSON.
import { connectFromEnvironment } from '../../../src/runtime/connection';

void connectFromEnvironment().then((s) => {
  process.stdout.write(
    JSON.stringify(
      s.kind === 'connected'
        ? { kind: s.kind }
        : { kind: s.kind, message: s.message, remedy: s.remedy },
    ),
  );
});
