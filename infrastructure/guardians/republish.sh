#!/bin/sh
# Copies GROKME's pinset from the trusted cluster (MAIN_API, our peer's REST API) into the guardian cluster
# (GUARDIAN_API, the publisher's) as pin-everywhere pins (replication -1), so every guardian follower pins all of
# it. It only adds: GROKME never unpins. Runs in the republisher service of docker-compose.yml, every
# REPUBLISH_EVERY seconds. Needs ipfs-cluster-ctl (in the ipfs/ipfs-cluster image).
set -eu
: "${MAIN_API:=/ip4/127.0.0.1/tcp/9094}" "${GUARDIAN_API:=/ip4/127.0.0.1/tcp/9195}" "${REPUBLISH_EVERY:=600}"
: "${CLUSTER_API_USER:?from the host env file}" "${CLUSTER_API_PASSWORD:?from the host env file}"
# Both APIs are on the host's loopback, with the same user (publisher.env copies it): plain http stays on the host.
ctl() { api="$1"; shift; ipfs-cluster-ctl --host "$api" --force-http --basic-auth "$CLUSTER_API_USER:$CLUSTER_API_PASSWORD" "$@"; }
main() { ctl "$MAIN_API" "$@"; }
guardian() { ctl "$GUARDIAN_API" "$@"; }
work="$(mktemp -d)"
while :; do
  main pin ls | cut -d' ' -f1 | sort -u >"$work/main"
  guardian pin ls | cut -d' ' -f1 | sort -u >"$work/guardian"
  added=0
  for cid in $(grep -vxFf "$work/guardian" "$work/main" || true); do
    guardian pin add --no-status --replication -1 --name grokme "$cid" >/dev/null
    added=$((added + 1))
  done
  echo "republish: $(wc -l <"$work/main") pins in the trusted cluster, $added added to the guardian cluster"
  sleep "$REPUBLISH_EVERY"
done
