// The seed's monitor loop, written with @nftstorage/ipfs-cluster (the client nft.storage ran against IPFS Cluster):
// status of every pin, then re-pin each CID with fewer than MIN `pinned` peers. Prints one JSON line: CIDs seen,
// re-pins, wall time, HTTP requests made and the process's peak RSS.
// Usage: node monitor.mjs <cluster url> <user> <password> [min=3]
import { Cluster } from '@nftstorage/ipfs-cluster'

const [url, user, password, minArg] = process.argv.slice(2)
const min = Number(minArg ?? 3)
let requests = 0
const realFetch = globalThis.fetch
globalThis.fetch = (...args) => { requests++; return realFetch(...args) }
const cluster = new Cluster(url, { headers: { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') } })

const start = performance.now()
const all = await cluster.statusAll()
let repinned = 0
for (const s of all) {
  const pinned = Object.values(s.peerMap ?? {}).filter(p => p.status === 'pinned').length
  if (pinned < min) {
    await cluster.pin(s.cid, { replicationFactorMin: min, replicationFactorMax: 5 })
    repinned++
  }
}
const ms = performance.now() - start
console.log(JSON.stringify({ cids: all.length, repinned, ms, requests, maxRssMiB: process.resourceUsage().maxRSS / 1024 }))
