// The log's verification in the browser (the log screen): a signed
// checkpoint checked against the server's published keys with WebCrypto's
// Ed25519, and each entry shown proved in the checkpoint's Merkle tree by
// its RFC 9162 inclusion path, the same checks `netvet log verify` makes
// (docs/server.md, the tamper-evident log). `subtle` is passed in so that
// the unit tests run it on Node's WebCrypto.

export interface Checkpoint {
  chain: string;
  count: number;
  hash: string;
  root?: string;
  key_id: string;
  signature: string;
}

export interface PublicKey {
  key_id: string;
  public_key: string;
  algorithm: string;
  created_at: string;
  retired_at: string | null;
}

// Byte strings over a plain ArrayBuffer (what WebCrypto takes).
export type Bytes = Uint8Array<ArrayBuffer>;

export interface Verdict {
  verified: boolean;
  why: string;
}

export function hexToBytes(hex: string): Bytes | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(b: Bytes): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

// What the server signs (store::signed_checkpoint::signed_text): the RFC 8785
// canonical JSON of {chain, count, hash, key_id, root}: keys in code-unit
// order (as written here) and JSON.stringify's escaping, which is RFC 8785's.
// A checkpoint from before the Merkle tree signs "netvet-log-v1\n<count>\n<hash>\n".
export function signedText(cp: Checkpoint): string {
  if (cp.root === undefined || cp.root === "") return `netvet-log-v1\n${cp.count}\n${cp.hash}\n`;
  return JSON.stringify({ chain: cp.chain, count: cp.count, hash: cp.hash, key_id: cp.key_id, root: cp.root });
}

async function sha256(subtle: SubtleCrypto, data: Bytes): Promise<Bytes> {
  return new Uint8Array(await subtle.digest("SHA-256", data));
}

function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// The checkpoint's signature by the published key its key_id names (a
// retired key still verifies what it signed), the key id being the first 16
// hex digits of the key's SHA-256. "NOT verified" always says why.
export async function verifyCheckpoint(subtle: SubtleCrypto, cp: Checkpoint, keys: PublicKey[]): Promise<Verdict> {
  const key = keys.find((k) => k.key_id === cp.key_id);
  if (!key) return { verified: false, why: `no published key has the key id ${cp.key_id}` };
  const pub = hexToBytes(key.public_key);
  const sig = hexToBytes(cp.signature);
  if (pub === null || pub.length !== 32) return { verified: false, why: `the published key ${key.key_id} is not 32 bytes of hex` };
  if (sig === null || sig.length !== 64) return { verified: false, why: "the signature is not 64 bytes of hex" };
  const id = bytesToHex(await sha256(subtle, pub)).slice(0, 16);
  if (id !== cp.key_id) return { verified: false, why: `the published key's SHA-256 begins ${id}, not ${cp.key_id}` };
  let imported: CryptoKey;
  try {
    imported = await subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]);
  } catch (e) {
    return {
      verified: false,
      why: `this browser cannot check Ed25519 signatures (${e instanceof Error ? e.message : String(e)}); check it with netvet log verify`,
    };
  }
  const ok = await subtle.verify({ name: "Ed25519" }, imported, sig, new TextEncoder().encode(signedText(cp)));
  if (!ok) return { verified: false, why: `the signature does not match the checkpoint under key ${cp.key_id}` };
  if (cp.root === undefined || cp.root === "") {
    return { verified: true, why: "signed before the Merkle tree: the chain hash alone is signed, no entry can be proved in it" };
  }
  return { verified: true, why: `signed by ${cp.key_id}${key.retired_at ? ` (retired ${key.retired_at})` : ""}` };
}

// RFC 9162 leaf hash: SHA-256(0x00 || the entry's canonical body).
export async function leafHash(subtle: SubtleCrypto, body: string): Promise<Bytes> {
  return sha256(subtle, concat(new Uint8Array([0]), new TextEncoder().encode(body)));
}

async function nodeHash(subtle: SubtleCrypto, left: Bytes, right: Bytes): Promise<Bytes> {
  return sha256(subtle, concat(new Uint8Array([1]), left, right));
}

// The root an inclusion path leads to from leaf `index` of a tree of `size`
// leaves (RFC 9162 section 2.1.3.2), or null when the path cannot belong to
// that place (too long, too short, or an index outside the tree).
export async function rootFromPath(
  subtle: SubtleCrypto,
  index: number,
  size: number,
  leaf: Bytes,
  path: Bytes[],
): Promise<Bytes | null> {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(subtle, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(subtle, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

// RFC 9162 Merkle tree hash of the leaves (the tests' reference; the page
// proves entries by their paths instead of reading the whole chain).
export async function merkleRoot(subtle: SubtleCrypto, leaves: Bytes[]): Promise<Bytes> {
  if (leaves.length === 0) return sha256(subtle, new Uint8Array());
  if (leaves.length === 1) return leaves[0] as Bytes;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(subtle, await merkleRoot(subtle, leaves.slice(0, k)), await merkleRoot(subtle, leaves.slice(k)));
}

export interface InclusionProof {
  index: number;
  size: number;
  leaf_hash: string;
  path: string[];
}

// Whether an entry (its canonical body) is leaf `index` of the tree whose
// root the verified checkpoint signs: the leaf hash recomputed from the
// body, then the path followed up to the root.
export async function entryInTree(
  subtle: SubtleCrypto,
  cp: Checkpoint,
  entry: { idx: number; body: string },
  proof: InclusionProof,
): Promise<Verdict> {
  if (cp.root === undefined || cp.root === "") return { verified: false, why: "the checkpoint has no Merkle root" };
  if (entry.idx >= cp.count) return { verified: false, why: `entry ${entry.idx} came after the checkpoint (${cp.count} entries)` };
  if (proof.index !== entry.idx || proof.size !== cp.count) {
    return { verified: false, why: `the proof is of entry ${proof.index} in ${proof.size} entries, not ${entry.idx} in ${cp.count}` };
  }
  const leaf = await leafHash(subtle, entry.body);
  if (bytesToHex(leaf) !== proof.leaf_hash) return { verified: false, why: `entry ${entry.idx}'s body does not hash to the proved leaf` };
  const path = proof.path.map(hexToBytes);
  if (path.some((p) => p === null || p.length !== 32)) return { verified: false, why: "a hash of the path is not 32 bytes of hex" };
  const root = await rootFromPath(subtle, proof.index, proof.size, leaf, path as Bytes[]);
  if (root === null || bytesToHex(root) !== cp.root) {
    return { verified: false, why: `entry ${entry.idx}'s inclusion path does not lead to the signed root` };
  }
  return { verified: true, why: `entry ${entry.idx} is in the signed tree of ${cp.count}` };
}
