"""The peers of `netvet outage` (every vendor, one at a time): the same
all-vendor outage table computed with python3-igraph or python3-networkx
from the same network CSV files, under the same served semantics
(network-csv.md). Reading the CSV is not timed; graph build and the outage
table are. Prints `build S outage S` and a checksum on stderr, the table as
JSON on stdout ({vendor: {access_lost, subscribers_lost}}).

Usage: /usr/bin/python3 peer_outage.py igraph|networkx DIR SPELLINGS.json
SPELLINGS.json: `netvet vendors DIR --format json` (spelling -> vendor).
"""
import csv
import json
import sys
import time

import numpy as np

CHAIN = {"amf": 1, "smf": 2, "upf": 4, "mme": 8, "sgw": 16, "pgw": 32}
ACCESS = {"gnb": 0, "enb": 1, "olt": 2}


def served_from(memb_of_idx, idx, bits, cls, n):
    mask = np.zeros(int(memb_of_idx.max()) + 1 if len(idx) else 1, dtype=np.uint8)
    np.bitwise_or.at(mask, memb_of_idx, bits[idx])
    cm = mask[memb_of_idx]
    c = cls[idx]
    ok = np.zeros(n, dtype=bool)
    ok[idx] = ((c == 0) & ((cm & 7) == 7)) | ((c == 1) & ((cm & 56) == 56)) | ((c == 2) & ((cm & 36) != 0))
    return ok


def main(lib, folder, spellings):
    spell = {s["spelling"]: s["vendor"] for s in json.load(open(spellings))["spellings"]}
    with open(f"{folder}/elements.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    index = {r["id"]: i for i, r in enumerate(rows)}
    with open(f"{folder}/links.csv", newline="", encoding="utf-8") as f:
        raw_links = [(index[r["a"]], index[r["b"]]) for r in csv.DictReader(f)]
    t0 = time.perf_counter()
    n = len(rows)
    vendor = np.array([spell.get(r["vendor"].strip(), spell.get(r["vendor"], r["vendor"])) for r in rows], dtype=object)
    up = np.array([(r.get("status") or "active") == "active" for r in rows])
    bits = np.array([CHAIN.get(r["function"], 0) for r in rows], dtype=np.uint8)
    cls = np.array([ACCESS.get(r["function"], -1) for r in rows], dtype=np.int8)
    subs = np.array([int(r.get("subscribers") or 0) for r in rows], dtype=np.int64)
    edges = [(a, b) for a, b in raw_links if a != b and up[a] and up[b]]
    if lib == "igraph":
        import igraph
        g = igraph.Graph(n=n, edges=edges, directed=False)

        def served(alive):
            idx = np.flatnonzero(alive)
            memb = np.array(g.induced_subgraph(idx.tolist()).connected_components().membership)
            return served_from(memb, idx, bits, cls, n)
    else:
        import networkx as nx
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(edges)

        def served(alive):
            idx = np.flatnonzero(alive)
            comp = np.full(n, -1, dtype=np.int64)
            for k, c in enumerate(nx.connected_components(g.subgraph(idx.tolist()))):
                comp[list(c)] = k
            return served_from(comp[idx], idx, bits, cls, n)
    t1 = time.perf_counter()
    base = served(up)
    table = {}
    for v in sorted(set(vendor.tolist())):
        lost = base & ~served(up & (vendor != v))
        table[v] = {"access_lost": int(lost.sum()), "subscribers_lost": int(subs[lost].sum())}
    t2 = time.perf_counter()
    print(f"{lib}: build {t1 - t0:.3f} s outage {t2 - t1:.3f} s ({len(table)} vendors, {n} elements)", file=sys.stderr)
    json.dump(table, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
