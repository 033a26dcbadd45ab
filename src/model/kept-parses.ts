// Parses kept between processes, when the entry point installed a store
// (src/shared/parse-store.ts, a file beside V8's code cache): a text parsed by an earlier run
// of the same build is not parsed again, and its parser (mvdan-sh for shell, the YAML library
// for compose files) need not even load. The domain only sees this interface, found through
// a global slot because each bundle has its own copy of this module; without a store (tests,
// CONTAINER_DOCTOR_CODE_CACHE=off) every text is parsed.

export interface KeptParses {
  /** `owner`: the file of the bundle that parses (the build whose results these are). */
  get(owner: string, kind: string, text: string): unknown;
  set(owner: string, kind: string, text: string, value: unknown): void;
}

export const keptParsesSlot = Symbol.for('container-doctor.parse-store');

function store(): KeptParses | undefined {
  return (globalThis as Record<symbol, KeptParses | undefined>)[keptParsesSlot];
}

/**
 * The result of `parse(text)`, from the store when an earlier run of this build kept one of
 * the right shape (`isResult`), else parsed now and kept. `owner` is the caller's __filename.
 */
export function keptOrParsed<T>(
  owner: string,
  kind: string,
  text: string,
  isResult: (value: unknown) => value is T,
  parse: () => T,
): T {
  const s = store();
  const kept = s?.get(owner, kind, text);
  if (kept !== undefined && isResult(kept)) return kept;
  const result = parse();
  s?.set(owner, kind, text, result);
  return result;
}
