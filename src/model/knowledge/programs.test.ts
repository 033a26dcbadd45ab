// The knowledge table's lookups: program identity by base family (BusyBox applets), facts that
// depend on the arguments (uwsgi, catalina.sh, kong), and the measured entries as whole
// Dockerfiles through the engine. Each expectation is a measurement in docs/measurements.md.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFile, noBuildContext } from '../../analysis';
import { execWrappers, programFacts } from './programs';

const verdict = (df: string) => analyzeFile('/w/Dockerfile', df, noBuildContext).runtime;

describe('program identity depends on the base family', () => {
  test('httpd: a BusyBox applet on BusyBox (ignores TERM), Apache elsewhere', () => {
    assert.equal(programFacts('httpd', 'busybox')?.facts.stopsOn.TERM, false);
    assert.match(programFacts('httpd', 'busybox')!.facts.source, /BusyBox applet/);
    assert.equal(programFacts('httpd', 'debian')?.facts.stopsOn.TERM, true);
    // Alpine's own busybox has no httpd applet (busybox-extras): Apache's httpd stays.
    assert.equal(programFacts('httpd', 'alpine')?.facts.stopsOn.TERM, true);
  });
  test('crond and syslogd on Alpine are the applets', () => {
    assert.equal(programFacts('crond', 'alpine')?.facts.stopsOn.TERM, false);
    assert.equal(programFacts('syslogd', 'alpine')?.facts.stopsOn.TERM, true);
    assert.equal(programFacts('crond', 'debian'), null, 'Debian cron is not measured');
  });
  test('a program under another path on BusyBox is not an applet', () => {
    assert.equal(programFacts('/usr/local/apache2/bin/httpd', 'busybox')?.facts.stopsOn.TERM, true);
  });
});

describe('facts that depend on the arguments', () => {
  test('uwsgi: master reloads on TERM unless die-on-term; a config file leaves it open', () => {
    const term = (...args: string[]) =>
      programFacts('uwsgi', 'debian', ['uwsgi', ...args])?.facts.stopsOn.TERM;
    assert.equal(term('--master', '--http', ':8000'), false);
    assert.equal(term('--master', '--die-on-term'), true);
    assert.equal(term('--http', ':8000'), true);
    assert.equal(term('--ini', 'app.ini'), undefined);
    assert.equal(programFacts('uwsgi', 'debian', ['uwsgi', '--master'])?.facts.stopsOn.QUIT, true);
  });
  test('catalina.sh run handles TERM; start leaves nothing to stop', () => {
    assert.equal(
      programFacts('catalina.sh', null, ['catalina.sh', 'run'])?.facts.stopsOn.TERM,
      true,
    );
    assert.equal(
      programFacts('catalina.sh', null, ['catalina.sh', 'start'])?.facts.stopsOn.TERM,
      undefined,
    );
  });
  test("Debian's /usr/sbin/rabbitmq-server does not stop; the official image's script does", () => {
    assert.equal(programFacts('/usr/sbin/rabbitmq-server', 'debian')?.facts.stopsOn.TERM, false);
    assert.equal(programFacts('rabbitmq-server', 'debian')?.facts.stopsOn.TERM, true);
  });
  test('bundle exec is an exec wrapper; yarnpkg is yarn', () => {
    assert.equal(execWrappers.bundle?.skip, 1);
    assert.equal(programFacts('yarnpkg')?.name, 'yarn');
  });
});

describe('whole Dockerfiles (official images and the programs people run)', () => {
  const rows: [string, string, string | null, boolean | null][] = [
    ['haproxy official: STOPSIGNAL SIGUSR1, soft stop', 'FROM haproxy:2.9\n', 'haproxy', true],
    ['kong official: docker-start, SIGQUIT', 'FROM kong:3.6\n', 'kong', true],
    ['rabbitmq official', 'FROM rabbitmq:3-management\n', 'rabbitmq-server', true],
    ['memcached official', 'FROM memcached:1.6\n', 'memcached', true],
    ['wordpress fpm: php-fpm with SIGQUIT', 'FROM wordpress:6-fpm\n', 'php-fpm', true],
    ['jenkins: tini in front', 'FROM jenkins/jenkins:lts\n', 'tini', true],
    ['busybox httpd -f', 'FROM busybox\nCMD ["httpd", "-f", "-p", "80"]\n', 'httpd', false],
    ['busybox syslogd -n', 'FROM busybox\nCMD ["syslogd", "-n"]\n', 'syslogd', true],
    ['alpine crond -f', 'FROM alpine:3.20\nCMD ["crond", "-f"]\n', 'crond', false],
    ['bundle exec puma', 'FROM ruby:3.3\nCMD ["bundle", "exec", "puma"]\n', 'puma', true],
    ['pm2-runtime', 'FROM node:20\nCMD ["pm2-runtime", "app.js"]\n', 'pm2-runtime', true],
    [
      'uwsgi --master',
      'FROM python:3.12\nCMD ["uwsgi", "--master", "--http", ":80"]\n',
      'uwsgi',
      false,
    ],
    ['catalina.sh start', 'FROM tomcat:10\nCMD ["catalina.sh", "start"]\n', 'catalina.sh', null],
  ];
  for (const [name, df, program, graceful] of rows)
    test(name, () => {
      const v = verdict(df);
      assert.ok(v, df);
      assert.equal(v.pid1?.program, program, JSON.stringify(v));
      assert.equal(v.gracefulStop, graceful, JSON.stringify(v.reasons));
      assert.ok(!v.reasons.join(' ').includes('domain.md'), 'reasons cite shipped docs');
    });
});
