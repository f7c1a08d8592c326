#!/usr/bin/env node
/**
 * Self time per function (and per package) from a V8 .cpuprofile (node --cpu-prof), for reading the benches'
 * profiles without a browser: node bench/profile-summary.js <file.cpuprofile> [top=40] [from-s] [to-s]
 * A timeline of how busy the process was every 2 s comes first; `from-s`/`to-s` (seconds since the profile started)
 * keep only the samples of that window, e.g. the benchmark's run without the process's start-up.
 */
const { readFileSync } = require('node:fs');

const [file, topArg, fromArg, toArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.js <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
const from = fromArg === undefined ? -Infinity : Number(fromArg) * 1e6;
const to = toArg === undefined ? Infinity : Number(toArg) * 1e6;
const BUCKET_US = 2e6;
const buckets = [];
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  const idle = byId.get(id).callFrame.functionName === '(idle)';
  const b = Math.floor(at / BUCKET_US);
  buckets[b] = (buckets[b] ?? 0) + (idle ? 0 : delta);
  if (at < from || at > to) continue;
  selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
}
console.log(`busy % every ${BUCKET_US / 1e6} s: ${Array.from(buckets, (us, b) => `${b * 2}s:${Math.round((100 * (us ?? 0)) / BUCKET_US)}`).join(' ')}`);
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function where(url) {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 6) : url;
}

const byFunction = new Map();
const byPackage = new Map();
for (const [id, us] of selfUs) {
  const { callFrame: f } = byId.get(id);
  const key = `${f.functionName || '(anonymous)'}  ${where(f.url)}:${f.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = f.url ? where(f.url).split(':')[0] : f.functionName;
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}

const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5);
const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
print('self time by package / file', byPackage);
print('self time by function', byFunction);

// Inclusive time of our own code's functions (apps/, libs/): where a request's time goes, callees included.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const { callFrame: f } = byId.get(at);
    const file = where(f.url);
    if (!/^(apps|libs)\//.test(file)) continue;
    const key = `${f.functionName || '(anonymous)'}  ${file}:${f.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
print('inclusive time of our own functions', inclusive);
