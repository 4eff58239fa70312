#!/usr/bin/env python3
"""Writes network/elements.csv and network/links.csv: a small, hand-shaped
New Zealand mobile network in the style of Spark in 2018 (network-csv.md).

Deterministic (fixed seed). Run from this folder: python3 make_network.py
The CSV files are committed; this script documents how they were made.
"""
import csv
import random

random.seed(2018)

# (region, main city lat/lon, cell sites, 4G RAN vendor, subscribers per site / 5 (min, max))
REGIONS = [
    ("Auckland", -36.8485, 174.7633, 44, "Huawei", (2500, 6000)),
    ("Northland", -35.7251, 174.3237, 6, "Huawei", (800, 2000)),
    ("Waikato", -37.7870, 175.2793, 12, "Huawei", (1200, 3000)),
    ("Bay of Plenty", -37.6878, 176.1651, 9, "Huawei", (1200, 3000)),
    ("Hawke's Bay", -39.4928, 176.9120, 6, "Huawei", (900, 2500)),
    ("Taranaki", -39.0556, 174.0752, 5, "Huawei", (900, 2200)),
    ("Manawatu-Whanganui", -40.3523, 175.6082, 7, "Huawei", (900, 2500)),
    ("Wellington", -41.2865, 174.7762, 22, "Huawei", (2000, 5000)),
    ("Nelson", -41.2706, 173.2840, 4, "Huawei", (800, 2000)),
    ("Canterbury", -43.5321, 172.6362, 20, "Huawei", (1500, 4500)),
    ("Otago", -45.8788, 170.5028, 9, "Huawei", (1000, 2800)),
    ("Southland", -46.4132, 168.3538, 5, "Huawei", (700, 1800)),
]

# Data centres: Auckland, Wellington, Christchurch (Canterbury).
DCS = [
    ("akl", "Auckland", -36.8600, 174.7700),
    ("wlg", "Wellington", -41.2900, 174.7800),
    ("chc", "Canterbury", -43.5300, 172.6300),
]
# Which DC serves a region's aggregation.
HOME_DC = {
    "Auckland": "akl", "Northland": "akl", "Waikato": "akl", "Bay of Plenty": "akl",
    "Hawke's Bay": "wlg", "Taranaki": "wlg", "Manawatu-Whanganui": "wlg", "Wellington": "wlg",
    "Nelson": "chc", "Canterbury": "chc", "Otago": "chc", "Southland": "chc",
}

elements = []
links = []


def el(id_, fn, vendor, model="", software="", site="", region="", lat="", lon="",
       subscribers=0, installed="", managed_by="", status="active"):
    elements.append(dict(id=id_, function=fn, vendor=vendor, model=model, software=software, site=site,
                         region=region, lat=lat if lat == "" else f"{lat:.4f}",
                         lon=lon if lon == "" else f"{lon:.4f}", subscribers=subscribers,
                         installed=installed, managed_by=managed_by, status=status))


def link(a, b, medium="fiber", capacity=""):
    links.append(dict(a=a, b=b, medium=medium, capacity_gbps=capacity))


# Core in each data centre: Ericsson EPC and IMS, Cisco IP core and security.
for dc, region, lat, lon in DCS:
    site = f"dc-{dc}"
    for i in (1, 2):
        el(f"core-rtr-{dc}-{i}", "router", "Cisco", "ASR-9906", "IOS XR 6.4.2", site, region, lat, lon,
           installed="2015-03-02")
    link(f"core-rtr-{dc}-1", f"core-rtr-{dc}-2", "fiber", 400)
    el(f"fw-{dc}-1", "firewall", "Cisco", "Firepower 9300", "FXOS 2.4", site, region, lat, lon, installed="2016-05-10")
    link(f"fw-{dc}-1", f"core-rtr-{dc}-1", "fiber", 100)
    for fn, model, sw in [("mme", "SGSN-MME", "18A"), ("sgw", "SGW", "18A"), ("pgw", "EPG", "18A"),
                          ("pcrf", "SAPC", "18A"), ("ims", "vIMS", "18A")]:
        el(f"{fn}-{dc}-1", fn, "Ericsson", model, sw, site, region, lat, lon, installed="2016-08-15")
        link(f"{fn}-{dc}-1", f"core-rtr-{dc}-1", "fiber", 100)
        link(f"{fn}-{dc}-1", f"core-rtr-{dc}-2", "fiber", 100)
    el(f"dns-{dc}-1", "dns", "Cisco", "CPNR", "9.1", site, region, lat, lon, installed="2014-11-20")
    link(f"dns-{dc}-1", f"core-rtr-{dc}-2", "fiber", 10)
    el(f"ntp-{dc}-1", "ntp", "Cisco", "NCS 540", "7.0", site, region, lat, lon, installed="2014-11-20")
    link(f"ntp-{dc}-1", f"core-rtr-{dc}-2", "fiber", 10)
# Subscriber data in Auckland and Wellington only.
for dc, region, lat, lon in DCS[:2]:
    el(f"hss-{dc}-1", "hss", "Ericsson", "HSS-FE", "18A", f"dc-{dc}", region, lat, lon, installed="2016-08-15")
    link(f"hss-{dc}-1", f"core-rtr-{dc}-1", "fiber", 100)
# Core mesh between the data centres.
for a, b in [("akl", "wlg"), ("wlg", "chc"), ("akl", "chc")]:
    link(f"core-rtr-{a}-1", f"core-rtr-{b}-1", "fiber", 400)
    link(f"core-rtr-{a}-2", f"core-rtr-{b}-2", "fiber", 400)
    el(f"dwdm-{a}-{b}", "optical", "Ciena", "6500", "12.3", f"dc-{a}", DCS[[d[0] for d in DCS].index(a)][1],
       DCS[[d[0] for d in DCS].index(a)][2], DCS[[d[0] for d in DCS].index(a)][3], installed="2014-06-30")
    link(f"dwdm-{a}-{b}", f"core-rtr-{a}-1", "fiber", 400)
    link(f"dwdm-{a}-{b}", f"core-rtr-{b}-1", "fiber", 400)

# Management: the network operations centre in Auckland, backup in Wellington.
el("oss-akl-1", "oss", "Ericsson", "ENM", "18.2", "noc-akl", "Auckland", -36.8520, 174.7610, installed="2017-02-01")
el("ems-akl-1", "ems", "Huawei", "U2020", "V200R018", "noc-akl", "Auckland", -36.8520, 174.7610,
   installed="2014-04-01")
el("nms-wlg-1", "nms", "Cisco", "EPN Manager", "2.2", "noc-wlg", "Wellington", -41.2880, 174.7750,
   installed="2016-03-01")
el("bss-akl-1", "bss", "Oracle", "BRM", "12", "dc-akl", "Auckland", -36.8600, 174.7700, installed="2015-07-01")
el("li-wlg-1", "li", "Ericsson", "LI-IMS", "18A", "dc-wlg", "Wellington", -41.2900, 174.7800, installed="2016-10-01")
link("oss-akl-1", "core-rtr-akl-1", "fiber", 10)
link("ems-akl-1", "core-rtr-akl-2", "fiber", 10)
link("nms-wlg-1", "core-rtr-wlg-1", "fiber", 10)
link("bss-akl-1", "core-rtr-akl-2", "fiber", 10)
link("li-wlg-1", "core-rtr-wlg-2", "fiber", 10)

# RAN and aggregation by region.
for region, lat0, lon0, sites, vendor, (smin, smax) in REGIONS:
    slug = region.lower().replace(" ", "-").replace("'", "")
    dc = HOME_DC[region]
    agg = [f"agg-{slug}-{i}" for i in (1, 2)]
    for i, a in enumerate(agg, 1):
        el(a, "router", "Cisco", "ASR-9001", "IOS XR 6.2.3", f"agg-{slug}", region, lat0 + 0.01 * i, lon0,
           installed="2015-09-14")
        link(a, f"core-rtr-{dc}-{i}", "fiber", 100)
    link(agg[0], agg[1], "fiber", 100)
    for s in range(1, sites + 1):
        site = f"{slug}-{s:03d}"
        lat = lat0 + random.uniform(-0.35, 0.35)
        lon = lon0 + random.uniform(-0.35, 0.35)
        year = random.choice([2013, 2014, 2015, 2016, 2017])
        installed = f"{year}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
        enb = f"enb-{site}"
        el(enb, "enb", vendor, "BTS3900", "V100R012", site, region, lat, lon,
           subscribers=5 * random.randint(smin, smax), installed=installed)
        el(f"ant-{site}", "antenna", "CommScope", "SBNHH-1D65A", "", site, region, lat, lon, installed=installed)
        link(enb, f"ant-{site}", "copper", "")
        rural = s > sites * 2 // 3 and region not in ("Auckland", "Wellington")
        if rural:
            mw = f"mw-{site}"
            el(mw, "microwave", "Aviat", "WTM 4200", "3.4", site, region, lat, lon, installed=installed)
            link(enb, mw, "fiber", 10)
            link(mw, agg[s % 2], "microwave", 1)
        else:
            link(enb, agg[s % 2], "fiber", 10)

cols = ["id", "function", "vendor", "model", "software", "site", "region", "lat", "lon", "subscribers",
        "installed", "managed_by", "status"]
with open("network/elements.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    w.writerows(elements)
with open("network/links.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["a", "b", "medium", "capacity_gbps"], lineterminator="\n")
    w.writeheader()
    w.writerows(links)
print(f"{len(elements)} elements, {len(links)} links")
