import { describe, expect, it } from "vitest";
import { webcrypto } from "node:crypto";
import {
  bytesToHex,
  entryInTree,
  hexToBytes,
  leafHash,
  merkleRoot,
  rootFromPath,
  signedText,
  verifyCheckpoint,
  type Bytes,
  type Checkpoint,
  type PublicKey,
} from "../dashboard/src/verify";

const subtle = webcrypto.subtle as unknown as SubtleCrypto;

// RFC 9162 PATH(m, D[n]), deepest first: the reference the page's check is held to.
async function path(leaves: Bytes[], m: number): Promise<Bytes[]> {
  if (leaves.length <= 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k
    ? [...(await path(leaves.slice(0, k), m)), await merkleRoot(subtle, leaves.slice(k))]
    : [...(await path(leaves.slice(k), m - k)), await merkleRoot(subtle, leaves.slice(0, k))];
}

async function signedLog(n: number) {
  const bodies = Array.from({ length: n }, (_, i) => JSON.stringify({ chain: "nz", idx: i, kind: "network.uploaded" }));
  const leaves = await Promise.all(bodies.map((b) => leafHash(subtle, b)));
  const pair = (await subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const pub = new Uint8Array(await subtle.exportKey("raw", pair.publicKey)) as Bytes;
  const keyId = bytesToHex(new Uint8Array(await subtle.digest("SHA-256", pub))).slice(0, 16);
  const cp: Checkpoint = {
    chain: "nz",
    count: n,
    hash: "ab".repeat(32),
    key_id: keyId,
    root: bytesToHex(await merkleRoot(subtle, leaves)),
    signature: "",
  };
  cp.signature = bytesToHex(
    new Uint8Array(await subtle.sign({ name: "Ed25519" }, pair.privateKey, new TextEncoder().encode(signedText(cp)))),
  );
  const keys: PublicKey[] = [
    { key_id: keyId, public_key: bytesToHex(pub), algorithm: "Ed25519", created_at: "2026-01-01T00:00:00Z", retired_at: null },
  ];
  return { bodies, leaves, cp, keys };
}

describe("log verification", () => {
  it("signs the canonical JSON of chain, count, hash, key_id and root, keys in order", () => {
    const cp = { chain: "nz", count: 3, hash: "h", key_id: "k", root: "r", signature: "s" };
    expect(signedText(cp)).toBe('{"chain":"nz","count":3,"hash":"h","key_id":"k","root":"r"}');
    expect(signedText({ ...cp, root: undefined })).toBe("netvet-log-v1\n3\nh\n");
  });

  it("reads and writes hex", () => {
    expect(bytesToHex(hexToBytes("00ff10") as Bytes)).toBe("00ff10");
    expect(hexToBytes("0g")).toBeNull();
    expect(hexToBytes("abc")).toBeNull();
  });

  it("verifies a checkpoint signed by a published key, and says why not when it is not", async () => {
    const { cp, keys } = await signedLog(5);
    expect(await verifyCheckpoint(subtle, cp, keys)).toMatchObject({ verified: true });
    const forged = await verifyCheckpoint(subtle, { ...cp, count: 6 }, keys);
    expect(forged).toEqual({ verified: false, why: `the signature does not match the checkpoint under key ${cp.key_id}` });
    expect((await verifyCheckpoint(subtle, cp, [])).why).toContain("no published key");
    const other = await signedLog(2);
    const swapped = [{ ...other.keys[0]!, key_id: cp.key_id }];
    expect((await verifyCheckpoint(subtle, cp, swapped)).why).toContain("SHA-256 begins");
  });

  it("follows inclusion paths to the root for every leaf of trees of 1 to 9 entries", async () => {
    for (let n = 1; n <= 9; n += 1) {
      const { leaves, cp } = await signedLog(n);
      for (let m = 0; m < n; m += 1) {
        const root = await rootFromPath(subtle, m, n, leaves[m]!, await path(leaves, m));
        expect(root && bytesToHex(root)).toBe(cp.root);
      }
    }
  });

  it("proves an entry in the signed tree, and refuses a changed body, a wrong path or a later entry", async () => {
    const { bodies, leaves, cp } = await signedLog(7);
    const proof = { index: 4, size: 7, leaf_hash: bytesToHex(leaves[4]!), path: (await path(leaves, 4)).map(bytesToHex) };
    expect(await entryInTree(subtle, cp, { idx: 4, body: bodies[4]! }, proof)).toMatchObject({ verified: true });
    const changed = await entryInTree(subtle, cp, { idx: 4, body: bodies[4]!.replace("uploaded", "deleted") }, proof);
    expect(changed.why).toContain("does not hash to the proved leaf");
    const wrong = { ...proof, path: [...proof.path.slice(1), proof.path[0]!] };
    expect((await entryInTree(subtle, cp, { idx: 4, body: bodies[4]! }, wrong)).why).toContain("does not lead");
    expect((await entryInTree(subtle, cp, { idx: 7, body: "{}" }, proof)).why).toContain("after the checkpoint");
    expect(await rootFromPath(subtle, 7, 7, leaves[0]!, [])).toBeNull();
  });
});

describe("the log screen's kinds", () => {
  it("lists each kind once, sorted", async () => {
    const { entryKinds } = await import("../dashboard/src/log");
    expect(entryKinds([{ kind: "proposal.submitted" }, { kind: "network.uploaded" }, { kind: "proposal.submitted" }])).toEqual([
      "network.uploaded",
      "proposal.submitted",
    ]);
  });
});
