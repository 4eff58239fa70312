"""A small seeded network-CSV generator for netvet's graph tests and
benchmarks, used until (and beside) `netvet generate`. Run with any python3.

    gen_network.py --sites N --seed S --out DIR

Layout: core data centres (5G and 4G core functions, dual-homed to two DC
routers, DC routers in a ring), aggregation rings per region dual-homed to
two data centres, cell sites (site router + gnb/enb, some olt) single- or
dual-homed to aggregation, and tail sites hanging off a cell site by
microwave whose every element is from one small "tail" vendor. A few
planned/failed elements, sites with no uplink, self-loops and parallel
links. Vendor spellings vary ("HUAWEI", "Huawei Technologies Co., Ltd.").
"""
import argparse
import csv
import os
import random

CORE_VENDORS = ["Ericsson", "Nokia", "Huawei", "Mavenir", "Samsung", "ZTE"]
RAN_VENDORS = ["Ericsson", "Nokia", "HUAWEI", "Samsung", "ZTE", "Huawei Technologies Co., Ltd.", "NEC"]
TRANSPORT_VENDORS = ["Cisco", "Juniper Networks", "Nokia", "Huawei", "Arista", "Ciena", "H3C"]
OLT_VENDORS = ["Huawei", "Nokia", "Calix", "Adtran", "ZTE", "FiberHome"]
TAIL_VENDORS = ["Aviat", "Ceragon", "Cambium Networks", "Parallel Wireless", "Casa Systems"] + [
    f"Tailco {i:02d}" for i in range(1, 61)]


def generate(sites, seed, out):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    elements = []  # id, function, vendor, site, region, subscribers, status
    links = []  # a, b, medium
    nreg = max(2, min(16, sites // 20000 + 2))
    ndc = 2 + sites // 150000

    def el(eid, fn, vendor, site, region, subs=0, status="active"):
        elements.append((eid, fn, vendor, site, region, subs, status))
        return eid

    dc_routers = []
    for d in range(ndc):
        site = f"dc{d}"
        v5 = CORE_VENDORS[rng.randrange(len(CORE_VENDORS))]
        v4 = CORE_VENDORS[rng.randrange(len(CORE_VENDORS))]
        ra = el(f"{site}-ra", "router", "Cisco Systems, Inc.", site, "core")
        rb = el(f"{site}-rb", "router", "Juniper Networks", site, "core")
        links.append((ra, rb, "fiber"))
        for fn, v in (("amf", v5), ("smf", v5), ("upf", v5), ("udm", v5), ("mme", v4), ("sgw", v4), ("pgw", v4),
                      ("hss", v4), ("dns", "Infoblox"), ("oss", "Ericsson")):
            e = el(f"{site}-{fn}", fn, v, site, "core")
            links.append((e, ra, "virtual"))
            links.append((e, rb, "virtual"))
        dc_routers.append((ra, rb))
    for d in range(ndc):
        links.append((dc_routers[d][0], dc_routers[(d + 1) % ndc][1], "fiber"))
    region_sites = [[] for _ in range(nreg)]
    for s in range(sites):
        region_sites[rng.randrange(nreg)].append(s)
    for r in range(nreg):
        region = f"region-{r:02d}"
        ran = RAN_VENDORS[r % len(RAN_VENDORS)]
        agg_vendor = TRANSPORT_VENDORS[r % 3]
        ids = region_sites[r]
        nagg = max(2, (len(ids) + 39) // 40)
        aggs = [el(f"{region}-agg{i}", "router", agg_vendor, f"{region}-agg{i}", region) for i in range(nagg)]
        ring = 6
        for i in range(0, nagg, ring):
            chunk = aggs[i:i + ring]
            for j in range(len(chunk) - 1):
                links.append((chunk[j], chunk[j + 1], "fiber"))
            d1 = rng.randrange(ndc)
            d2 = (d1 + 1) % ndc
            links.append((chunk[0], dc_routers[d1][0], "fiber"))
            links.append((chunk[-1], dc_routers[d2][1], "fiber"))
        hosts = []
        for k, s in enumerate(ids):
            site = f"s{s}"
            tail = hosts and rng.random() < 0.15
            if tail:
                tv = TAIL_VENDORS[rng.randrange(len(TAIL_VENDORS))]
                host = hosts[rng.randrange(len(hosts))]
                mw = el(f"{site}-mw", "microwave", tv, site, region)
                links.append((mw, host, "microwave"))
                fn = "gnb" if rng.random() < 0.5 else "enb"
                a = el(f"{site}-{fn}", fn, tv, site, region, rng.randrange(50, 800),
                       "planned" if rng.random() < 0.01 else "active")
                links.append((a, mw, "microwave"))
                continue
            tv = TRANSPORT_VENDORS[rng.randrange(len(TRANSPORT_VENDORS))] if rng.random() < 0.3 else agg_vendor
            router = el(f"{site}-r", "router", tv, site, region, 0, "failed" if rng.random() < 0.002 else "active")
            hosts.append(router)
            agg = k * nagg // max(1, len(ids))
            if rng.random() > 0.001:  # a few sites have no uplink at all
                links.append((router, aggs[agg], "fiber"))
                if rng.random() < 0.3:
                    links.append((router, aggs[(agg + 1) % nagg], "fiber"))
            if rng.random() < 0.0005:
                links.append((router, router, "fiber"))  # self-loop
            if rng.random() < 0.001:
                links.append((router, aggs[agg], "fiber"))  # parallel link
            kinds = [f for f, p in (("gnb", 0.7), ("enb", 0.6)) if rng.random() < p] or ["enb"]
            for fn in kinds:
                v = ran if rng.random() < 0.9 else RAN_VENDORS[rng.randrange(len(RAN_VENDORS))]
                a = el(f"{site}-{fn}", fn, v, site, region, rng.randrange(100, 2000),
                       "planned" if rng.random() < 0.01 else "active")
                links.append((a, router, "fiber"))
            if rng.random() < 0.1:
                o = el(f"{site}-olt", "olt", OLT_VENDORS[rng.randrange(len(OLT_VENDORS))], site, region,
                       rng.randrange(200, 5000))
                links.append((o, router, "fiber"))
    with open(os.path.join(out, "elements.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "function", "vendor", "site", "region", "subscribers", "status"])
        w.writerows(elements)
    with open(os.path.join(out, "links.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "medium"])
        w.writerows(links)
    return len(elements), len(links)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sites", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    n, m = generate(a.sites, a.seed, a.out)
    print(f"wrote {n} elements and {m} links to {a.out}")


if __name__ == "__main__":
    main()
