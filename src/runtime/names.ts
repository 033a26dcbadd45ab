// Container and image references as the Docker Engine accepts them, checked before they go
// into an Engine API path (`/containers/{name}/json`): a string such as `../../containers/json`
// is not a name and must never reach the engine as a path. The grammars are Docker's own:
// container names `[a-zA-Z0-9][a-zA-Z0-9_.-]*` with an optional leading `/` (IDs are hex, a
// subset), image references as distribution/reference defines them
// (https://pkg.go.dev/github.com/distribution/reference#pkg-overview).

export type ReferenceKind = 'container' | 'image';

/** Thrown (or returned) for input that is not a container name or ID, or not an image reference. */
export class InvalidReferenceError extends Error {
  readonly code = 'EINVALIDREFERENCE';
  constructor(
    readonly kind: ReferenceKind,
    readonly input: string,
  ) {
    super(
      kind === 'container'
        ? `'${printable(input)}' is not a container name or ID (a name is letters, digits, '_', '.' and '-', starting with a letter or digit; an ID is hexadecimal)`
        : `'${printable(input)}' is not an image reference (such as debian:bookworm, registry.example.com/team/app:1.2 or an image ID)`,
    );
    this.name = 'InvalidReferenceError';
  }
}

export function isInvalidReference(err: unknown): err is InvalidReferenceError {
  return err instanceof InvalidReferenceError;
}

/** Control characters and very long input, shown so that a message stays one readable line. */
function printable(input: string): string {
  // eslint-disable-next-line no-control-regex
  const shown = input.replace(/[\u0000-\u001f\u007f]/g, '?');
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}

const containerName = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** A full container ID (64 hex digits) or the short form (12 or more). */
const containerId = /^[0-9a-f]{12}(?:[0-9a-f]{0,52})$/;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: InvalidReferenceError };

/** A container name or ID as Docker accepts it, without the leading '/' of inspect's Name. */
export function checkContainerRef(input: string): Checked<string> {
  if (!containerName.test(input))
    return { ok: false, error: new InvalidReferenceError('container', input) };
  return { ok: true, value: input.startsWith('/') ? input.slice(1) : input };
}

/** Is this a container ID (full or short), rather than a name? */
export function isContainerId(input: string): boolean {
  return containerId.test(input) && input.length <= 64;
}

// distribution/reference's grammar (reference/regexp.go), IPv6 domains left out.
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const imageReference = new RegExp(
  `^(?:${domain}/)?${pathComponent}(?:/${pathComponent})*(?::${tag})?(?:@${digest})?$`,
);
const imageId = /^(?:sha256:)?[0-9a-f]{12,64}$/;

/** An image reference (name, name:tag, name@digest) or image ID as Docker accepts it. */
export function checkImageRef(input: string): Checked<string> {
  if (input.length > 512 || !(imageId.test(input) || imageReference.test(input)))
    return { ok: false, error: new InvalidReferenceError('image', input) };
  return { ok: true, value: input };
}

/** One Engine API path segment: percent-encoded, so nothing in it can end the segment. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}

/** A container reference as it goes into an Engine API path; throws InvalidReferenceError. */
export function containerPathSegment(input: string): string {
  const checked = checkContainerRef(input);
  if (!checked.ok) throw checked.error;
  return pathSegment(checked.value);
}

/**
 * An image reference as it goes into an Engine API path (`/images/{name}/json`): each
 * '/'-separated part encoded, the slashes kept as the docker CLI sends them (the engine's
 * route takes the rest of the path as the name). Throws InvalidReferenceError.
 */
export function imagePathSegments(input: string): string {
  const checked = checkImageRef(input);
  if (!checked.ok) throw checked.error;
  return checked.value.split('/').map(pathSegment).join('/');
}
