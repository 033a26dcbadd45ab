#!/usr/bin/env bash
# Starts the real engines the tests use beside the host's Docker Engine
# (which .ci/run starts): a second dockerd (a single-node swarm manager), a
# Podman API service, and an sshd on loopback through which the host's engine
# is reached as DOCKER_HOST=ssh://. Idempotent: a service already answering is
# left alone. Everything lives under /run/cd-lab and /var/lib/cd-lab.
#
#   engine 2:  unix:///run/cd-lab/engine2.sock   (swarm manager, bridge cdlab2)
#   podman:    unix:///run/cd-lab/podman.sock
#   ssh:       ssh://root@127.0.0.1:2222          key /run/cd-lab/ssh/client_key
set -euo pipefail
LAB=/run/cd-lab
mkdir -p "$LAB" /var/lib/cd-lab

wait_for() { # command... ; up to 60 s
  for _ in $(seq 120); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "lab-services: gave up waiting for: $*" >&2
  return 1
}

start_engine2() {
  local sock=$LAB/engine2.sock
  if docker -H "unix://$sock" info >/dev/null 2>&1; then return 0; fi
  # Its own bridge and no iptables: the host engine owns the NAT rules, and
  # two daemons editing them race.
  ip link show cdlab2 >/dev/null 2>&1 || {
    ip link add cdlab2 type bridge
    ip addr add 172.29.0.1/24 dev cdlab2
  }
  ip link set cdlab2 up
  rm -f "$LAB/engine2.pid"
  setsid dockerd --data-root /var/lib/cd-lab/engine2 --exec-root "$LAB/engine2-exec" \
    --pidfile "$LAB/engine2.pid" --host "unix://$sock" --bridge cdlab2 \
    --iptables=false --ip-masq=false >/tmp/cd-lab-engine2.log 2>&1 </dev/null &
  wait_for docker -H "unix://$sock" info
  if [ "$(docker -H "unix://$sock" info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    docker -H "unix://$sock" swarm init --advertise-addr 172.29.0.1 >/dev/null
  fi
}

start_podman() {
  local sock=$LAB/podman.sock
  command -v podman >/dev/null || { echo "lab-services: podman is not installed" >&2; return 1; }
  if curl -sf --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; then return 0; fi
  # Podman asks for nofile/nproc limits above this sandbox's hard limits
  # ("error setting rlimit type 7: operation not permitted"); ask for what the
  # machine allows.
  # The service itself runs with nproc 32768 at most, and runc cannot raise
  # a container's limit above its parent's.
  local nproc
  nproc=$(ulimit -Hu)
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then nproc=32768; fi
  mkdir -p /etc/containers/containers.conf.d
  cat >/etc/containers/containers.conf.d/cd-lab.conf <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=$nproc:$nproc"]
CONF
  rm -f "$sock"
  setsid podman system service --time=0 "unix://$sock" >/tmp/cd-lab-podman.log 2>&1 </dev/null &
  wait_for curl -sf --unix-socket "$sock" http://d/_ping
}

start_sshd() {
  local dir=$LAB/ssh
  mkdir -p "$dir" /run/sshd /root/.ssh
  [ -f "$dir/client_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/client_key"
  [ -f "$dir/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"
  grep -qF "$(cat "$dir/client_key.pub")" /root/.ssh/authorized_keys 2>/dev/null ||
    cat "$dir/client_key.pub" >>/root/.ssh/authorized_keys
  chmod 700 /root/.ssh
  chmod 600 /root/.ssh/authorized_keys
  if [ -f "$dir/sshd.pid" ] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null; then return 0; fi
  cat >"$dir/sshd_config" <<CONF
Port 2222
ListenAddress 127.0.0.1
HostKey $dir/host_key
PermitRootLogin prohibit-password
PasswordAuthentication no
PidFile $dir/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
CONF
  /usr/sbin/sshd -f "$dir/sshd_config"
  wait_for ssh -i "$dir/client_key" -p 2222 -o BatchMode=yes -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null root@127.0.0.1 true
}

start_engine2
start_podman
start_sshd
echo "lab-services: engine2 $(docker -H unix://$LAB/engine2.sock info --format '{{.ServerVersion}} swarm={{.Swarm.LocalNodeState}}'), podman $(podman --version | cut -d' ' -f3), sshd on 127.0.0.1:2222"
