// Compiles src/*.sol with solc-js (the exact compiler version pinned in package.json) into build/<Name>.json
// ({contract, solc, abi, bytecode}). `node compile.mjs --check` compiles in memory and fails when a checked-in
// artifact differs — the test suite runs that, so the bytecode next to the source is always its compile output.
import fs from 'node:fs';
import path from 'node:path';
import solc from 'solc';

const here = path.dirname(new URL(import.meta.url).pathname);
const sources = {};
for (const f of fs.readdirSync(path.join(here, 'src')).filter((f) => f.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(here, 'src', f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'paris',
    metadata: { bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
if (errors.length) {
  for (const e of errors) console.error(e.formattedMessage);
  process.exit(1);
}
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    const artifact = JSON.stringify({ contract: name, source: 'src/' + file, solc: solc.version(), abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object }, null, 2) + '\n';
    const target = path.join(here, 'build', name + '.json');
    if (check) {
      const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
      if (current !== artifact) {
        console.error('stale: build/' + name + '.json (run: npm --prefix contracts run compile)');
        stale++;
      }
    } else {
      fs.writeFileSync(target, artifact);
      console.log('wrote build/' + name + '.json');
    }
  }
}
process.exit(stale ? 1 : 0);
