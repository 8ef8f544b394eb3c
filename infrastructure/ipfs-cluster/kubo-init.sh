#!/bin/sh
# Runs inside the kubo container before the daemon starts (kubo's /container-init.d hook).
set -e
# The cluster's freespace metric is StorageMax minus the repo size, not the disk: set it to the real budget,
# or every peer looks full at 10 GB (kubo's default) and stops receiving pins.
ipfs config Datastore.StorageMax "${IPFS_STORAGE_MAX:-500GB}"
# The cluster talks to this daemon over the compose network; the gateway is not published.
ipfs config Addresses.API /ip4/0.0.0.0/tcp/5001
ipfs config --json Swarm.ConnMgr.HighWater 600
# Other IPFS nodes must dial the host's public name and published port, not the container's address: announce
# them on top of what kubo detects (compose sets both from the host's env file). Empty: announce nothing extra.
if [ -n "${IPFS_ANNOUNCE_HOST:-}" ]; then
  port="${IPFS_ANNOUNCE_PORT:-4001}"
  ipfs config --json Addresses.AppendAnnounce \
    "[\"/dns4/${IPFS_ANNOUNCE_HOST}/tcp/${port}\",\"/dns4/${IPFS_ANNOUNCE_HOST}/udp/${port}/quic-v1\"]"
else
  ipfs config --json Addresses.AppendAnnounce '[]'
fi
