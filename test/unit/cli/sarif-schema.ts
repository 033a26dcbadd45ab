// The SARIF 2.1.0 JSON schema and a validator for it, for tests that check what
// `lint --format sarif` writes.
//
// The schema is the one Microsoft's `@microsoft/jest-sarif` package ships (MIT), the schema
// published on SchemaStore as sarif-2.1.0-rtm.5 (the SARIF 2.1.0 release schema, JSON Schema
// draft-04; `@types/sarif` is generated from the same file). No npm package ships the OASIS
// copy (https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json,
// draft-07), and only the npm registry is reachable from this project's machines.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

export const sarifSchemaPath = path.join(
  path.dirname(require.resolve('@microsoft/jest-sarif/package.json')),
  'lib',
  'schemas',
  'sarif-2.1.0-rtm.5.json',
);

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(sarifSchemaPath, 'utf8')) as Record<string, unknown>;
  // The schema declares draft-04 (and uses its `id`), hence ajv's draft-04 class.
  // strict: false because the schema itself is not strict-clean (an anyOf branch requires a
  // property it does not define); that is ajv's strictness about schemas, not about the data.
  // unicodeRegExp: false because one of its patterns (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`,
  // a run's and a tool component's `language`) is not a valid regular expression with the `u`
  // flag; without it, it is read as JavaScript and JSON Schema tools have always read it.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // uri, uri-reference and date-time are checked, not ignored.
  addFormats(ajv);
  compiled = ajv.compile(schema);
  return compiled;
}

/** The schema's complaints about a parsed SARIF log, as readable lines; [] when it is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  const validate = validator();
  if (validate(log)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) =>
      `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}
