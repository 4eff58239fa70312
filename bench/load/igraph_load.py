"""The peer of `netvet validate`: read a network CSV folder with Python's csv
module into an igraph Graph (vertices with their attributes, edges by id),
checking ids and link ends as netvet does. Prints its own timing on stderr.
Run with Debian's python3 (python3-igraph)."""
import csv
import sys
import time

import igraph

FUNCTIONS = set("gnb enb ru du cu antenna olt ont router switch microwave optical firewall amf smf upf ausf udm udr "
                "pcf nrf nssf nef sepp mme sgw pgw hss pcrf ims oss bss ems nms mano nfvi li dns ntp pki".split())


def main(folder):
    t0 = time.perf_counter()
    index = {}
    attrs = {}
    with open(f"{folder}/elements.csv", newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        cols = {name: i for i, name in enumerate(header)}
        for name in header:
            attrs[name] = []
        i_id, i_fn, i_sub = cols["id"], cols["function"], cols.get("subscribers")
        for row in reader:
            vid = row[i_id]
            if not vid or vid in index:
                raise SystemExit(f"bad id {vid!r}")
            if row[i_fn] not in FUNCTIONS:
                raise SystemExit(f"bad function {row[i_fn]!r}")
            if i_sub is not None and row[i_sub]:
                int(row[i_sub])
            index[vid] = len(index)
            for name, value in zip(header, row):
                attrs[name].append(value)
    edges = []
    with open(f"{folder}/links.csv", newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        ia, ib = header.index("a"), header.index("b")
        for row in reader:
            edges.append((index[row[ia]], index[row[ib]]))
    g = igraph.Graph(n=len(index), edges=edges, directed=False)
    for name, values in attrs.items():
        g.vs[name] = values
    elapsed = time.perf_counter() - t0
    print(f"igraph: {g.vcount()} vertices, {g.ecount()} edges in {elapsed:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
