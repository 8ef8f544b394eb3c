#!/usr/bin/env python3
"""Writes the cluster's secrets next to infrastructure/ipfs-cluster/.env:
- .env, the values every host shares: the cluster secret, the REST API credentials, each peer's public id and
  TRUSTED_PEERS (no private key);
- identity-<region>.json per region peer, {"id", "private_key"} as ipfs-cluster-service init writes
  identity.json (ed25519). Each host gets only its own; compose mounts it read-only as identity.json, because
  ipfs-cluster needs that file to exist: CLUSTER_ID/CLUSTER_PRIVATEKEY only override an identity it loaded;
- host-<region>.env per region: the shared values plus that peer's region, name, public DNS name (--hosts) and
  the other peers' addresses, on the standard ports 9096 and 4001. `docker compose --env-file host-eu.env up -d`
  on the EU host;
- single-host-<region>.env per region: the same for a trial of every peer on one machine (remapped host ports,
  peers reached through host.docker.internal); `docker compose -p grokme-eu --env-file single-host-eu.env up -d`.

Needs python3 and the openssl command line. Refuses to overwrite existing files (pass --force to).
Usage: scripts/gen-secrets.py [--out PATH] [--regions eu,us,asia] [--hosts eu=eu.cluster.example.org,...] [--force]
"""
import base64
import json
import os
import secrets
import subprocess
import sys
import tempfile

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
DEFAULT_REGIONS = "eu,us,asia"
IMAGE_UID = 1000  # the ipfs user of the ipfs/ipfs-cluster image, which must read its identity file
CLUSTER_SWARM_PORT = 9096
IPFS_SWARM_PORT = 4001
SINGLE_HOST = "host.docker.internal"  # the machine's own published ports, seen from a container


def b58(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def ed25519_identity():
    """(peer id, base64 protobuf private key) for a fresh ed25519 key made by openssl."""
    with tempfile.TemporaryDirectory() as d:
        key = os.path.join(d, "k.der")
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-outform", "DER", "-out", key], check=True)
        seed = open(key, "rb").read()[-32:]
        pub = subprocess.run(["openssl", "pkey", "-inform", "DER", "-in", key, "-pubout", "-outform", "DER"],
                             check=True, capture_output=True).stdout[-32:]
    public_proto = bytes([0x08, 0x01, 0x12, 0x20]) + pub          # PublicKey{Type: Ed25519, Data: pub}
    private_proto = bytes([0x08, 0x01, 0x12, 0x40]) + seed + pub  # PrivateKey{Type: Ed25519, Data: seed||pub}
    peer_id = b58(bytes([0x00, len(public_proto)]) + public_proto)  # identity multihash → 12D3KooW…
    return peer_id, base64.b64encode(private_proto).decode()


def write_private(path, text, owner=None):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    if owner is not None and os.geteuid() == 0:
        os.chown(path, owner, owner)


def host_env(shared, region, index, ids, hosts, single_host):
    """The env file one peer's compose reads: shared values, its own settings, the other peers' addresses."""
    def ports(i):  # separate hosts: the standard ports everywhere; one machine: the i-th peer's shifted ones
        shift = i if single_host else 0
        return {"CLUSTER_SWARM_PORT": CLUSTER_SWARM_PORT + shift, "IPFS_SWARM_PORT": IPFS_SWARM_PORT + shift,
                "CLUSTER_API_PORT": 9094 + 100 * shift, "GATEWAY_PORT": 8080 + 100 * shift}
    regions = list(ids)
    host = (lambda r: SINGLE_HOST) if single_host else (lambda r: hosts.get(r, ""))
    others = [f"/dns4/{host(r)}/tcp/{ports(i)['CLUSTER_SWARM_PORT']}/p2p/{ids[r]}"
              for i, r in enumerate(regions) if r != region and host(r)]
    lines = shared + [
        f"# The {region} peer" + (" (single-host trial)" if single_host else "") + ".",
        f"REGION={region}",
        f"PEER_NAME=grokme-{region}-01",
        f"PUBLIC_HOST={host(region)}",
        "PEER_ADDRESSES=" + ",".join(others),
    ]
    if single_host:
        lines += [f"{k}={v}" for k, v in ports(index).items()]
    return "\n".join(lines) + "\n"


def main(argv):
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".env")
    if "--out" in argv:
        out = argv[argv.index("--out") + 1]
    regions = (argv[argv.index("--regions") + 1] if "--regions" in argv else DEFAULT_REGIONS).split(",")
    hosts = dict(h.split("=", 1) for h in argv[argv.index("--hosts") + 1].split(",")) if "--hosts" in argv else {}
    unknown = set(hosts) - set(regions)
    if unknown:
        sys.exit(f"--hosts names regions not in --regions: {', '.join(sorted(unknown))}")
    folder = os.path.dirname(os.path.abspath(out))
    os.makedirs(folder, exist_ok=True)
    identities = {r: os.path.join(folder, f"identity-{r}.json") for r in regions}
    host_files = {(r, single): os.path.join(folder, f"{'single-host' if single else 'host'}-{r}.env")
                  for r in regions for single in (False, True)}
    for path in [out, *identities.values(), *host_files.values()]:
        if os.path.exists(path) and "--force" not in argv:
            sys.exit(f"{path} exists; not overwriting (use --force)")
    lines = [
        "# Generated by scripts/gen-secrets.py. Keep it secret; every peer needs the same CLUSTER_SECRET.",
        "# Private keys are not here: each host gets only its own identity-<region>.json.",
        f"CLUSTER_SECRET={secrets.token_hex(32)}",
        "CLUSTER_API_USER=grokme",
        f"CLUSTER_API_PASSWORD={secrets.token_urlsafe(32)}",
        "IPFS_STORAGE_MAX=500GB",
    ]
    ids = {}
    for region in regions:
        peer_id, private = ed25519_identity()
        ids[region] = peer_id
        lines.append(f"CLUSTER_ID_{region.upper()}={peer_id}")
        write_private(identities[region], json.dumps({"id": peer_id, "private_key": private}, indent=2) + "\n",
                      owner=IMAGE_UID)
    # Only our own peers may change the pinset (CRDT trusted peers) or hold pins (pin_only_on_trusted_peers).
    lines.append("TRUSTED_PEERS=" + ",".join(ids.values()))
    write_private(out, "\n".join(lines + ["PEER_ADDRESSES="]) + "\n")
    for (region, single), path in host_files.items():
        write_private(path, host_env(lines, region, regions.index(region), ids, hosts, single))
    missing = [r for r in regions if r not in hosts]
    print(f"wrote {out}, {', '.join(os.path.basename(p) for p in [*identities.values(), *host_files.values()])}"
          f" (peers: {', '.join(ids.values())})")
    if missing:
        print(f"no --hosts for {', '.join(missing)}: set PUBLIC_HOST and PEER_ADDRESSES in their host-<region>.env")


if __name__ == "__main__":
    main(sys.argv[1:])
