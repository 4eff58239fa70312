"""Cross-check of `netvet outage --format json` against an independent
computation with python3-igraph, exactly (every vendor's access_lost,
subscribers_lost, by function and by region).

Networks: `netvet generate` output when the binary has that command, and
gen_network.py output (several seeds and sizes) always; one network edited
so that a core data centre is single-homed (every link between the data
centre's site and the rest but one removed). Checks that the compared
vendors include vendors owning core functions, vendors owning only tail
sites, a vendor absent from the network, and --together.

Usage: /usr/bin/python3 crosscheck_igraph.py NETVET [WORKDIR]
(WORKDIR: where the networks go, ctest gives a build-tree folder; without it a
temporary folder, removed at the end.)
(Debian's python3 has python3-igraph and numpy.)
"""
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import igraph
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_network  # noqa: E402

CHAIN = {"amf": 1, "smf": 2, "upf": 4, "mme": 8, "sgw": 16, "pgw": 32}
ACCESS = {"gnb": 0, "enb": 1, "olt": 2}


def netvet_json(nv, *args):
    out = subprocess.run([nv, *args, "--format", "json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


class net:
    def __init__(self, nv, folder):
        spell = {s["spelling"]: s["vendor"] for s in netvet_json(nv, "vendors", folder)["spellings"]}
        with open(os.path.join(folder, "elements.csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.n = len(rows)
        index = {r["id"]: i for i, r in enumerate(rows)}
        self.vendor = [spell[r["vendor"].strip()] if r["vendor"].strip() in spell else spell[r["vendor"]] for r in rows]
        self.fn = [r["function"] for r in rows]
        self.region = [r.get("region") or "(none)" for r in rows]
        self.site = [r.get("site") or "" for r in rows]
        self.subs = np.array([int(r.get("subscribers") or 0) for r in rows], dtype=np.int64)
        self.up = np.array([(r.get("status") or "active") == "active" for r in rows])
        self.bits = np.array([CHAIN.get(f, 0) for f in self.fn], dtype=np.uint8)
        self.cls = np.array([ACCESS.get(f, -1) for f in self.fn], dtype=np.int8)
        edges = []
        with open(os.path.join(folder, "links.csv"), newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                a, b = index[r["a"]], index[r["b"]]
                if a != b and self.up[a] and self.up[b]:
                    edges.append((a, b))
        self.g = igraph.Graph(n=self.n, edges=edges, directed=False)
        self.vendors = sorted(set(self.vendor))
        self.varr = np.array(self.vendor, dtype=object)
        self.base = self.served(self.up)

    def served(self, alive):
        idx = np.flatnonzero(alive)
        ok = np.zeros(self.n, dtype=bool)
        if len(idx) == 0:
            return ok
        sub = self.g.induced_subgraph(idx.tolist())
        memb = np.array(sub.connected_components().membership)
        mask = np.zeros(memb.max() + 1, dtype=np.uint8)
        np.bitwise_or.at(mask, memb, self.bits[idx])
        cm = mask[memb]
        c = self.cls[idx]
        ok[idx] = ((c == 0) & ((cm & 7) == 7)) | ((c == 1) & ((cm & 56) == 56)) | ((c == 2) & ((cm & 36) != 0))
        return ok

    def outage(self, vendors):
        down = np.isin(self.varr, list(vendors))
        lost = self.base & ~self.served(self.up & ~down)
        res = {"access_lost": int(lost.sum()), "subscribers_lost": int(self.subs[lost].sum()),
               "by_function": {}, "by_region": {}}
        for f, c in ACCESS.items():
            m = lost & (self.cls == c)
            res["by_function"][f] = {"access_lost": int(m.sum()), "subscribers_lost": int(self.subs[m].sum())}
        for i in np.flatnonzero(lost):
            r = res["by_region"].setdefault(self.region[i], {"access_lost": 0, "subscribers_lost": 0})
            r["access_lost"] += 1
            r["subscribers_lost"] += int(self.subs[i])
        return res


def compare(name, mine, theirs, failures):
    for key in ("access_lost", "subscribers_lost", "by_function", "by_region"):
        if mine.get(key) != theirs[key]:
            failures.append(f"{name}: {key}: netvet {mine.get(key)} igraph {theirs[key]}")


def single_home_dc(src, dst):
    """Copies a network, leaving the data centre of the first amf attached by one link."""
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(src, "elements.csv"), newline="", encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(dst, "elements.csv"), "w", encoding="utf-8") as f:
        f.write(text)
    rows = list(csv.DictReader(text.splitlines()))
    site = {r["id"]: r.get("site", "") for r in rows}
    dc = next(r["site"] for r in rows if r["function"] == "amf")
    with open(os.path.join(src, "links.csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        ia, ib = header.index("a"), header.index("b")
        kept, crossing = [], 0
        for r in reader:
            if (site[r[ia]] == dc) != (site[r[ib]] == dc):
                crossing += 1
                if crossing > 1:
                    continue
            kept.append(r)
    with open(os.path.join(dst, "links.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(kept)
    return dc, crossing


def check(nv, folder, failures, label):
    n = net(nv, folder)
    doc = netvet_json(nv, "outage", folder)
    outs = doc["outages"]
    if sorted(outs) != n.vendors:
        failures.append(f"{label}: vendor sets differ: {sorted(outs)} vs {n.vendors}")
    core_vendors = {n.vendor[i] for i in range(n.n) if n.bits[i]}
    # Edge-only vendors: no core function and no router, switch or optical
    # element (tail-site microwave, radios): they can only cut their own sites.
    inner = core_vendors | {n.vendor[i] for i in range(n.n) if n.fn[i] in ("router", "switch", "optical")}
    tail_only = {v for v in n.vendors if v not in inner}
    if not core_vendors or not tail_only:
        failures.append(f"{label}: needs vendors owning core functions and edge-only (tail) vendors")
    for v in n.vendors:
        compare(f"{label}: {v}", outs.get(v, {}), n.outage([v]), failures)
    # An absent vendor, and two vendors together.
    absent = netvet_json(nv, "outage", folder, "--vendor", "KASPERSKY")["outages"]
    if absent.get("Kaspersky", {}).get("access_lost") != 0 or absent["Kaspersky"]["subscribers_lost"] != 0:
        failures.append(f"{label}: absent vendor: {absent}")
    pair = sorted(core_vendors)[:1] + sorted(tail_only)[:1]
    tog = netvet_json(nv, "outage", folder, "--together", *sum((["--vendor", v] for v in pair), []))["outages"]
    compare(f"{label}: together {pair}", tog.get(" + ".join(pair), {}), n.outage(pair), failures)
    print(f"{label}: {n.n} elements, {n.g.ecount()} up links, {len(n.vendors)} vendors "
          f"({len(core_vendors)} with core functions, {len(tail_only)} tail-only), "
          f"{int(n.base.sum())} access served: compared")


def has_generate(nv):
    out = subprocess.run([nv, "--help"], capture_output=True, text=True).stdout
    return any(line.split()[:1] == ["generate"] for line in out.splitlines())


def gen_network_digest():
    """A digest of gen_network.py: its cached networks are rebuilt when it changes."""
    with open(os.path.join(HERE, "gen_network.py"), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:12]


def main():
    nv = sys.argv[1]
    if len(sys.argv) > 2:
        run(nv, sys.argv[2])
    else:
        with tempfile.TemporaryDirectory(prefix="netvet-crosscheck-") as work:
            run(nv, work)


def run(nv, work):
    """Cross-checks every network in WORK: gen_network.py's are cached there
    (keyed by the script's digest), netvet generate's are written afresh."""
    failures = []
    nets = []
    digest = gen_network_digest()
    for sites, seed in ((300, 1), (2000, 2), (8000, 3), (60000, 4)):
        d = os.path.join(work, f"py-{sites}-{seed}-{digest}")
        if not os.path.isdir(d):  # written whole, then renamed: never a partial cache
            shutil.rmtree(d + ".tmp", ignore_errors=True)
            gen_network.generate(sites, seed, d + ".tmp")
            os.replace(d + ".tmp", d)
        nets.append((d, f"gen_network.py --sites {sites} --seed {seed}"))
    if has_generate(nv):
        for sites, seed in ((500, 1), (3000, 2), (10000, 5)):
            d = os.path.join(work, f"nv-{sites}-{seed}")
            shutil.rmtree(d, ignore_errors=True)
            subprocess.run([nv, "generate", "--sites", str(sites), "--seed", str(seed), "--out", d],
                           check=True, capture_output=True)
            nets.append((d, f"netvet generate --sites {sites} --seed {seed}"))
    else:
        print("netvet generate is not available yet: cross-checking gen_network.py networks only")
    for base, base_label in [nets[2]] + ([nets[-1]] if nets[-1][1].startswith("netvet generate") else []):
        sh = base + "-single-homed-dc"
        dc, crossing = single_home_dc(base, sh)
        nets.append((sh, f"{base_label}, data centre {dc} single-homed (1 of {crossing} links kept)"))
    for d, label in nets:
        check(nv, d, failures, label)
    if failures:
        print(f"{len(failures)} differences:")
        for f in failures[:50]:
            print("  " + f)
        sys.exit(1)
    print("netvet outage agrees with igraph on every network")


if __name__ == "__main__":
    main()
