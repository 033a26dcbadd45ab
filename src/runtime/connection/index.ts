// Connection to the Docker Engine (no vscode). Public API for every Docker-side
// module and adapter:
//
//   resolveEngineEndpoint({ host?, context? }, env, homeDir) -> EngineEndpoint
//       the docker CLI's precedence: --host > --context > DOCKER_HOST > DOCKER_CONTEXT >
//       the config's currentContext > the default sockets.
//   discoverEngines(settings, env, homeDir) -> Engine[]   every context, the setting, Podman
//   chooseEngines(engines, selection, answers) -> Engine[] which ones a surface shows
//       setting, then DOCKER_HOST (+ DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), then the
//       docker context (DOCKER_CONTEXT or ~/.docker/config.json currentContext +
//       contexts/meta/<sha256(name)>/meta.json), then /var/run/docker.sock, Docker
//       Desktop's ~/.docker/run/docker.sock, then Podman sockets.
//   connect(endpoint) -> Promise<EngineState>
//       { kind: 'connected', docker, version } with the client pinned to the daemon's
//       API version, or { kind: 'not-installed' | 'not-running' | 'permission-denied' |
//       'api-too-old' | 'not-an-engine' | 'restarting' | 'unreachable', message, remedy }. Never throws.
//   connectFromEnvironment(settings?) -> Promise<EngineState>   (CLI convenience)
//   startEngineSession(resolve, listener) -> EngineSession
//       follows container events and reconnects with backoff.
import { homedir } from 'node:os';
import { connect, type ConnectOptions, type EngineState } from './connect';
import { resolveEngineEndpoint } from './endpoint';

export {
  resolveEngineEndpoint,
  contextEndpoint,
  currentContextName,
  listContextNames,
  parseHost,
  realEndpointFiles,
  DEFAULT_DOCKER_SOCKET,
  type EngineEndpoint,
  type EndpointFiles,
  type EndpointSource,
  type TlsFiles,
} from './endpoint';
export {
  discoverEngines,
  chooseEngines,
  endpointKey,
  parseEngineSelection,
  CONFIGURED_ENGINE,
  type Engine,
  type EngineSelection,
  type EngineSource,
} from './engines';
export { sshConnectOptions, type SshConnectOptions } from './ssh';
export {
  connect,
  classifyConnectError,
  compareApiVersions,
  describeEngineState,
  dockerOptions,
  MINIMUM_API_VERSION,
  type ConnectOptions,
  type EngineFailureKind,
  type EngineState,
  type EngineVersion,
} from './connect';
export {
  DEFAULT_ENGINE_DEADLINE_MS,
  EngineDeadlineError,
  EngineRedirectError,
  guardEngineClient,
  isEngineDeadline,
} from './guard';
export {
  checkContainerRef,
  checkImageRef,
  InvalidReferenceError,
  isInvalidReference,
} from '../names';
export {
  dockerEventShape,
  dockerInspectShape,
  isPodman,
  PODMAN_TOP_DESCRIPTORS,
  type EngineProduct,
} from './podman';
export {
  startEngineSession,
  parseEventLine,
  CONTAINER_EVENTS,
  type ContainerEvent,
  type EngineSession,
  type EngineSessionListener,
  type SessionOptions,
} from './events';

/** Resolve from this process's environment and connect: what the CLI does. */
export function connectFromEnvironment(
  settings: { host?: string; context?: string } = {},
  options: ConnectOptions = {},
): Promise<EngineState> {
  return connect(resolveEngineEndpoint(settings, process.env, homedir()), options);
}
