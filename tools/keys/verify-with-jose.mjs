// Verifies a Pinwheel trust chain and one app's bundle with the npm `jose` package only — an
// independent check of what the service serves (docs/key-ceremony.md).
//
//   npm install jose
//   node tools/keys/verify-with-jose.mjs <trusted root-1.json> <service base URL> <appId>
//
// 1. root version 1 from the file you ship in your apps (threshold of its own keys),
// 2. every newer root version from the service, each signed by a threshold of the previous version's
//    keys and a threshold of its own,
// 3. the key set, signed by a threshold of the root version it names,
// 4. the app's bundle: ES256, typ pinwheel-bundle+jwt, a kid the key set lists, iss, aud, exp.
import { readFileSync } from 'node:fs';
import { flattenedVerify, importJWK, calculateJwkThumbprint, jwtVerify, decodeProtectedHeader } from 'jose';

const [rootFile, base, appId] = process.argv.slice(2);
if (!rootFile || !base || !appId) {
  console.error('usage: node verify-with-jose.mjs <root-1.json> <base URL> <appId>');
  process.exit(2);
}
const fail = (message) => { console.error('REFUSED: ' + message); process.exit(1); };
const decode = (doc) => JSON.parse(Buffer.from(doc.payload, 'base64url').toString('utf8'));
const fetchText = async (path) => {
  const r = await fetch(base.replace(/\/$/, '') + path);
  if (r.status !== 200) fail(`GET ${path} answered ${r.status}`);
  return r.text();
};

async function keysOf(payload) {
  const keys = new Map();
  for (const { state, ...jwk } of payload.keys) {
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || jwk.d) fail(`not a public P-256 key: ${jwk.kid}`);
    if (await calculateJwkThumbprint(jwk, 'sha256') !== jwk.kid) fail(`kid is not the thumbprint: ${jwk.kid}`);
    keys.set(jwk.kid, jwk);
  }
  return keys;
}

// The distinct kids of `keys` whose signature verifies; a listed kid with a bad signature refuses all.
async function validSigners(doc, typ, keys) {
  const valid = new Set();
  for (const s of doc.signatures) {
    const header = JSON.parse(Buffer.from(s.protected, 'base64url').toString('utf8'));
    if (header.alg !== 'ES256' || header.typ !== typ || Object.keys(header).length !== 3) fail('bad protected header');
    const jwk = keys.get(header.kid);
    if (!jwk) continue; // unknown kid: ignored
    try {
      await flattenedVerify({ payload: doc.payload, protected: s.protected, signature: s.signature },
        await importJWK(jwk, 'ES256'), { algorithms: ['ES256'] });
    } catch { fail(`forged signature by ${header.kid}`); }
    valid.add(header.kid);
  }
  return valid.size;
}

let rootDoc = JSON.parse(readFileSync(rootFile, 'utf8'));
let root = decode(rootDoc);
let rootKeys = await keysOf(root);
if (root.type !== 'root' || root.version !== 1) fail('the trusted file is not root version 1');
if (await validSigners(rootDoc, 'pinwheel-root+jws', rootKeys) < root.threshold) fail('root version 1 below threshold');
console.log(`root version 1: OK (threshold ${root.threshold} of ${rootKeys.size})`);

const keySetDoc = JSON.parse(await fetchText('/v1/trust/key-set'));
const keySet = decode(keySetDoc);
for (let v = root.version + 1; v <= keySet.rootVersion; v++) {
  const nextDoc = JSON.parse(await fetchText(`/v1/trust/roots/${v}`));
  const next = decode(nextDoc);
  const nextKeys = await keysOf(next);
  if (next.type !== 'root' || next.version !== v || next.iss !== root.iss) fail(`root version ${v} does not follow`);
  if (await validSigners(nextDoc, 'pinwheel-root+jws', rootKeys) < root.threshold) fail(`root ${v}: old threshold not met`);
  if (await validSigners(nextDoc, 'pinwheel-root+jws', nextKeys) < next.threshold) fail(`root ${v}: own threshold not met`);
  console.log(`root version ${v}: OK (threshold ${next.threshold} of ${nextKeys.size})`);
  root = next; rootKeys = nextKeys;
}
const now = Math.floor(Date.now() / 1000);
if (root.exp <= now) fail(`root version ${root.version} expired`);
if (keySet.type !== 'key-set' || keySet.rootVersion !== root.version || keySet.iss !== root.iss) fail('key set does not match the root');
if (await validSigners(keySetDoc, 'pinwheel-key-set+jws', rootKeys) < root.threshold) fail('key set below threshold');
if (keySet.exp <= now) fail('key set expired');
const listed = await keysOf(keySet);
console.log(`key set version ${keySet.version}: OK, lists ${[...listed.keys()].join(', ')}`);

const bundle = await fetchText(`/v1/apps/${appId}/bundle`);
const { kid } = decodeProtectedHeader(bundle);
if (!listed.has(kid)) fail(`bundle signed by ${kid}, which the key set does not list`);
const { payload } = await jwtVerify(bundle, await importJWK(listed.get(kid), 'ES256'),
  { algorithms: ['ES256'], typ: 'pinwheel-bundle+jwt', issuer: root.iss, audience: appId });
console.log(`bundle of ${appId}: OK (seq ${payload.seq}, kid ${kid})`);
console.log('Chain verified with jose.');
