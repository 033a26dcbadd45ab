// Base images: which /bin/sh they have, how they install packages, where tini lands,
// and what official images set as ENTRYPOINT/CMD/STOPSIGNAL (inherited when a
// Dockerfile sets none). Data only; every entry names its source.

export type ShellFamily = 'dash' | 'bash' | 'ash';

export type ImageFamily =
  'debian' | 'alpine' | 'busybox' | 'rhel' | 'distroless' | 'scratch' | 'windows';

export interface FamilyFacts {
  /** What `/bin/sh` is; null: no shell at all (shell form cannot run). */
  shell: ShellFamily | null;
  /** RUN line installing tini, null when the family has no package for it. */
  installTini: string | null;
  tiniPath: string | null;
  source: string;
}

export const families: Readonly<Record<ImageFamily, FamilyFacts>> = {
  debian: {
    shell: 'dash',
    installTini:
      'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*',
    tiniPath: '/usr/bin/tini',
    source:
      'measured: Debian/Ubuntu /bin/sh is dash 0.5.12 (docs/measurements.md); Debian package tini installs /usr/bin/tini',
  },
  alpine: {
    shell: 'ash',
    installTini: 'RUN apk add --no-cache tini',
    tiniPath: '/sbin/tini',
    source:
      "Alpine's sh is BusyBox ash (measured on BusyBox 1.35, docs/measurements.md); Alpine package tini installs /sbin/tini",
  },
  busybox: {
    shell: 'ash',
    installTini: null,
    tiniPath: null,
    source:
      'BusyBox images have BusyBox ash (measured, docs/measurements.md) and no package manager',
  },
  rhel: {
    shell: 'bash',
    installTini: null,
    tiniPath: null,
    source:
      'RHEL/CentOS/Fedora/UBI/Amazon/Oracle /bin/sh is bash (measured for bash 5.2, docs/measurements.md); tini is not in their base repositories (Fedora and EPEL have it)',
  },
  distroless: {
    shell: null,
    installTini: null,
    tiniPath: null,
    source: 'GoogleContainerTools/distroless README: no shell',
  },
  scratch: {
    shell: null,
    installTini: null,
    tiniPath: null,
    source: 'scratch is an empty image: no shell (Docker docs)',
  },
  windows: {
    shell: null,
    installTini: null,
    tiniPath: null,
    source: 'Windows images: cmd/PowerShell, no PID 1 model here; the engine stays quiet',
  },
};

/** Fedora has a tini package in its own repository (unlike the RHEL base repos). */
export const fedoraTini = {
  install: 'RUN dnf install -y tini && dnf clean all',
  path: '/usr/bin/tini',
};

const rhelNames =
  /^(fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux|redhat\/ubi\d*(-\w+)?|ubi\d*(-\w+)?|rhel\d*|amazoncorretto|mysql)$/;
const debianNames =
  /^(debian|ubuntu|buildpack-deps|node|python|openjdk|eclipse-temurin|golang|ruby|php|nginx|httpd|redis|postgres|mongo|rabbitmq|maven|gradle|tomcat|jenkins\/jenkins|rust|perl|elixir|erlang|haskell|julia|r-base|swift|ibmjava|ibm-semeru-runtimes|sapmachine|pypy|mariadb|memcached|wordpress|ghost|kong|haproxy|nextcloud|drupal|jenkins\/jenkins|neo4j|elasticsearch|kibana|logstash|solr|zookeeper|cassandra|couchdb|mcr\.microsoft\.com\/dotnet\/(runtime|aspnet|sdk)|dotnet\/(runtime|aspnet|sdk))$/;

/** Official images built only on Alpine (their Dockerfiles start `FROM alpine`). */
const alpineNames = /^(traefik|caddy|eclipse-mosquitto|registry)$/;

export interface ImageRef {
  /**
   * Lower case. A Docker Hub image by its Hub name (`node`, `bitnami/redis`): the registry
   * `docker.io/` and `library/` are dropped, and so are a mirror's host before `library/`
   * (`mirror.example:5000/library/debian`) and ECR Public's Docker Official Images mirror
   * (`public.ecr.aws/docker/library/python`). Any other registry stays in the name
   * (`gcr.io/distroless/nodejs20-debian12`, `registry.access.redhat.com/ubi9/ubi-minimal`).
   */
  repository: string;
  tag: string | null;
  /** The registry host when the reference names one (`mirror.example:5000`), else null. */
  registry: string | null;
}

const dockerHubHosts = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The first path component is a registry host when it has a dot or a port, or is localhost. */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

export function parseImageRef(image: string): ImageRef {
  let s = image.trim().toLowerCase();
  const at = s.indexOf('@');
  if (at >= 0) s = s.slice(0, at);
  let tag: string | null = null;
  const colon = s.lastIndexOf(':');
  if (colon > s.lastIndexOf('/')) {
    tag = s.slice(colon + 1);
    s = s.slice(0, colon);
  }
  const slash = s.indexOf('/');
  const registry = slash > 0 && isRegistryHost(s.slice(0, slash)) ? s.slice(0, slash) : null;
  const path = registry ? s.slice(slash + 1) : s;
  let repository: string;
  if (registry === null || dockerHubHosts.has(registry))
    repository = path.replace(/^library\//, '');
  else if (path.startsWith('library/'))
    repository = path.slice('library/'.length); // a Docker Hub mirror (pull-through cache)
  else if (registry === 'public.ecr.aws' && path.startsWith('docker/library/'))
    repository = path.slice('docker/library/'.length); // ECR Public's Docker Official Images
  else repository = `${registry}/${path}`;
  return { repository, tag, registry };
}

/** Vendor registries' names for images the tables know by their Docker Hub name. */
const vendorAliases: Readonly<Record<string, string>> = {
  'quay.io/fedora/fedora': 'fedora', // Fedora's own registry mirror on Quay
  'registry.fedoraproject.org/fedora': 'fedora',
  'public.ecr.aws/amazonlinux/amazonlinux': 'amazonlinux', // Amazon's own ECR Public repository
};

/** The family of a base image by name, or null when it cannot be known from the name. */
export function imageFamily(image: string): ImageFamily | null {
  const { repository: repo, tag } = parseImageRef(image);
  const t = tag ?? '';
  if (repo === 'scratch') return 'scratch';
  if (/windows|nanoserver|servercore/.test(repo) || /nanoserver|servercore|windows|ltsc20/.test(t))
    return 'windows';
  if (/^(gcr\.io\/distroless|cgr\.dev\/chainguard)\//.test(repo))
    return /debug|-dev$/.test(t) ? 'busybox' : 'distroless';
  if (repo === 'busybox') return 'busybox';
  if (repo === 'alpine' || /(^|[-.])alpine/.test(t)) return 'alpine';
  if (alpineNames.test(repo)) return 'alpine';
  if (/^(registry\.access\.redhat\.com|registry\.redhat\.io)\//.test(repo)) return 'rhel';
  const base = vendorAliases[repo] ?? repo.replace(/^(quay\.io|ghcr\.io)\//, '');
  if (rhelNames.test(base)) {
    if (base === 'mysql' && /debian|bookworm|bullseye|^5\./.test(t)) return 'debian';
    return 'rhel';
  }
  if (
    /(bookworm|bullseye|buster|stretch|jammy|focal|noble|bionic|slim|trixie)/.test(t) &&
    !/alpine/.test(t)
  )
    return 'debian';
  if (debianNames.test(base)) return 'debian';
  return null;
}

export function isFedora(image: string): boolean {
  const { repository } = parseImageRef(image);
  return (vendorAliases[repository] ?? repository) === 'fedora';
}

export interface InheritedConfig {
  entrypoint: string[] | null;
  cmd: string[] | null;
  stopSignal: string | null;
  /** The entrypoint script execs its arguments (docker-entrypoint.sh ends in `exec "$@"`). */
  entrypointExecs: boolean;
  source: string;
}

const cfg = (
  source: string,
  cmd: string[] | null,
  entrypoint: string[] | null = null,
  stopSignal: string | null = null,
): InheritedConfig => ({
  entrypoint,
  cmd,
  stopSignal,
  entrypointExecs: entrypoint !== null,
  source,
});

/**
 * Official images' config (docker-library Dockerfiles). Keyed by repository; a function
 * when the tag decides (php-fpm vs apache).
 */
const officialConfigs: Record<string, (tag: string) => InheritedConfig | null> = {
  node: () => cfg('docker-library/node Dockerfile', ['node'], ['docker-entrypoint.sh']),
  python: () => cfg('docker-library/python Dockerfile', ['python3']),
  pypy: () => cfg('docker-library/pypy Dockerfile', ['pypy3']),
  openjdk: () => cfg('docker-library/openjdk Dockerfile (11+)', ['jshell']),
  'eclipse-temurin': () =>
    cfg('adoptium/containers Dockerfile', ['jshell'], ['/__cacert_entrypoint.sh']),
  nginx: () =>
    cfg(
      'nginxinc/docker-nginx Dockerfile',
      ['nginx', '-g', 'daemon off;'],
      ['/docker-entrypoint.sh'],
      'SIGQUIT',
    ),
  httpd: () => cfg('docker-library/httpd Dockerfile', ['httpd-foreground'], null, 'SIGWINCH'),
  redis: () => cfg('docker-library/redis Dockerfile', ['redis-server'], ['docker-entrypoint.sh']),
  postgres: () =>
    cfg('docker-library/postgres Dockerfile', ['postgres'], ['docker-entrypoint.sh'], 'SIGINT'),
  mysql: () => cfg('docker-library/mysql Dockerfile', ['mysqld'], ['docker-entrypoint.sh']),
  mariadb: () => cfg('MariaDB/mariadb-docker Dockerfile', ['mariadbd'], ['docker-entrypoint.sh']),
  mongo: () => cfg('docker-library/mongo Dockerfile', ['mongod'], ['docker-entrypoint.sh']),
  ruby: () => cfg('docker-library/ruby Dockerfile', ['irb']),
  php: (tag) =>
    /fpm/.test(tag)
      ? cfg('docker-library/php fpm variant', ['php-fpm'], ['docker-php-entrypoint'], 'SIGQUIT')
      : /apache/.test(tag)
        ? cfg(
            'docker-library/php apache variant',
            ['apache2-foreground'],
            ['docker-php-entrypoint'],
            'SIGWINCH',
          )
        : cfg('docker-library/php cli variant', ['php', '-a'], ['docker-php-entrypoint']),
  tomcat: () => cfg('docker-library/tomcat Dockerfile', ['catalina.sh', 'run']),
  rabbitmq: () =>
    cfg('docker-library/rabbitmq Dockerfile', ['rabbitmq-server'], ['docker-entrypoint.sh']),
  haproxy: () =>
    cfg(
      'docker-library/haproxy Dockerfile (its entrypoint adds -W -db to haproxy)',
      ['haproxy', '-f', '/usr/local/etc/haproxy/haproxy.cfg'],
      ['docker-entrypoint.sh'],
      'SIGUSR1',
    ),
  memcached: () =>
    cfg('docker-library/memcached Dockerfile', ['memcached'], ['docker-entrypoint.sh']),
  traefik: () => cfg('traefik/traefik-library-image Dockerfile', ['traefik'], ['/entrypoint.sh']),
  caddy: () =>
    cfg('caddyserver/caddy-docker Dockerfile', [
      'caddy',
      'run',
      '--config',
      '/etc/caddy/Caddyfile',
      '--adapter',
      'caddyfile',
    ]),
  kong: () =>
    cfg(
      'Kong/docker-kong Dockerfile',
      ['kong', 'docker-start'],
      ['/docker-entrypoint.sh'],
      'SIGQUIT',
    ),
  wordpress: (tag) =>
    /fpm/.test(tag)
      ? cfg(
          'docker-library/wordpress fpm variant (FROM php:fpm)',
          ['php-fpm'],
          ['docker-entrypoint.sh'],
          'SIGQUIT',
        )
      : /cli/.test(tag)
        ? null
        : cfg(
            'docker-library/wordpress apache variant (FROM php:apache)',
            ['apache2-foreground'],
            ['docker-entrypoint.sh'],
            'SIGWINCH',
          ),
  nextcloud: (tag) =>
    /fpm/.test(tag)
      ? cfg(
          'nextcloud/docker fpm variant (FROM php:fpm)',
          ['php-fpm'],
          ['/entrypoint.sh'],
          'SIGQUIT',
        )
      : cfg(
          'nextcloud/docker apache variant (FROM php:apache)',
          ['apache2-foreground'],
          ['/entrypoint.sh'],
          'SIGWINCH',
        ),
  drupal: (tag) =>
    /fpm/.test(tag)
      ? cfg(
          'docker-library/drupal fpm variant (FROM php:fpm)',
          ['php-fpm'],
          ['docker-php-entrypoint'],
          'SIGQUIT',
        )
      : cfg(
          'docker-library/drupal apache variant (FROM php:apache)',
          ['apache2-foreground'],
          ['docker-php-entrypoint'],
          'SIGWINCH',
        ),
  'jenkins/jenkins': () => ({
    ...cfg('jenkinsci/docker Dockerfile: tini runs jenkins.sh', null, [
      '/usr/bin/tini',
      '--',
      '/usr/local/bin/jenkins.sh',
    ]),
    entrypointExecs: false,
  }),
  elasticsearch: () => ({
    ...cfg(
      'elastic/elasticsearch Dockerfile: tini runs the entrypoint',
      ['eswrapper'],
      ['/bin/tini', '--', '/usr/local/bin/docker-entrypoint.sh'],
    ),
    entrypointExecs: false,
  }),
  debian: () => cfg('debuerreotype: CMD ["bash"]', ['bash']),
  ubuntu: () => cfg('ubuntu official image: CMD ["/bin/bash"]', ['/bin/bash']),
  alpine: () => cfg('alpine official image: CMD ["/bin/sh"]', ['/bin/sh']),
  busybox: () => cfg('busybox official image: CMD ["sh"]', ['sh']),
  fedora: () => cfg('fedora official image: CMD ["/bin/bash"]', ['/bin/bash']),
  scratch: () => cfg('scratch: an empty image, no command', null),
};

/** Distroless images (GoogleContainerTools/distroless READMEs): the runtime is the ENTRYPOINT. */
const distrolessConfigs: [RegExp, InheritedConfig][] = [
  [
    /^gcr\.io\/distroless\/nodejs\d*(-debian\d+)?$/,
    { ...cfg('distroless nodejs README', null, ['/nodejs/bin/node']), entrypointExecs: false },
  ],
  [
    /^gcr\.io\/distroless\/python3(-debian\d+)?$/,
    { ...cfg('distroless python3 README', null, ['/usr/bin/python3']), entrypointExecs: false },
  ],
  [
    /^gcr\.io\/distroless\/java\d*(-debian\d+)?$/,
    { ...cfg('distroless java README', null, ['/usr/bin/java', '-jar']), entrypointExecs: false },
  ],
  [
    /^gcr\.io\/distroless\/(static|base|cc)(-debian\d+)?$/,
    cfg('distroless static/base: no command', null),
  ],
];

/** The inherited config of an external base image, or null when unknown. */
export function inheritedConfig(image: string): InheritedConfig | null {
  const { repository, tag } = parseImageRef(image);
  const f = officialConfigs[repository];
  if (f) return f(tag ?? '');
  for (const [re, c] of distrolessConfigs) if (re.test(repository)) return c;
  return null;
}
