#!/usr/bin/env python3
"""Writes NetBox REST API pages of /api/dcim/devices/ and /api/dcim/cables/
from the dumpdata sample, in the shape ../netbox-sample/API-SHAPE.md records
(NetBox 4.6.8): nested brief objects for foreign keys, {"value","label"} for
choice fields, pages of 10 objects with next/previous URLs.

Fields that the dump cannot supply (config_context, primary IPs, counts of
components) get the values a server would show for this data (null, {}, or
the count from the dump). Newer-release-only cable fields (profile, bundle)
are left out, as an older server would. Regions are not added to the brief
site: the real API has none there.

Usage: python3 make_pages.py [SAMPLE.json] [OUT_DIR]
(defaults: ../netbox-sample/netbox-demo-v3.6-branch-sample.json and this folder).
Standard library only; output is deterministic.
"""
import json
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "netbox-sample", "netbox-demo-v3.6-branch-sample.json")
BASE = "https://netbox.example.com"
PAGE = 10

STATUS_LABELS = {
    "active": "Active", "offline": "Offline", "planned": "Planned", "staged": "Staged", "failed": "Failed",
    "inventory": "Inventory", "decommissioning": "Decommissioning", "connected": "Connected",
}
FACE_LABELS = {"front": "Front", "rear": "Rear"}
# dumpdata model -> API path and object_type
COMPONENT_PATHS = {
    "interface": "interfaces", "frontport": "front-ports", "rearport": "rear-ports",
    "consoleport": "console-ports", "consoleserverport": "console-server-ports",
    "powerport": "power-ports", "poweroutlet": "power-outlets",
}


def choice(value, labels):
    if value in (None, ""):
        return None
    return {"value": value, "label": labels.get(value, value.replace("-", " ").title())}


def url(path, pk):
    return f"{BASE}/api/{path}/{pk}/"


def main():
    sample = sys.argv[1] if len(sys.argv) > 1 else SAMPLE
    out_dir = sys.argv[2] if len(sys.argv) > 2 else HERE
    with open(sample, encoding="utf-8") as f:
        objs = json.load(f)
    by = defaultdict(dict)
    order = defaultdict(list)
    for o in objs:
        by[o["model"]][o["pk"]] = o["fields"]
        order[o["model"]].append(o["pk"])

    def brief_manufacturer(pk):
        m = by["dcim.manufacturer"][pk]
        return {"id": pk, "url": url("dcim/manufacturers", pk), "display": m["name"], "name": m["name"],
                "slug": m["slug"], "description": m["description"]}

    device_counts = defaultdict(int)
    for d in by["dcim.device"].values():
        device_counts[("type", d["device_type"])] += 1
        device_counts[("role", d["role"])] += 1
        device_counts[("platform", d["platform"])] += 1
        device_counts[("rack", d["rack"])] += 1

    def brief_device_type(pk):
        t = by["dcim.devicetype"][pk]
        return {"id": pk, "url": url("dcim/device-types", pk), "display": t["model"],
                "manufacturer": brief_manufacturer(t["manufacturer"]), "model": t["model"], "slug": t["slug"],
                "description": t["description"], "device_count": device_counts[("type", pk)]}

    def brief_role(pk):
        r = by["dcim.devicerole"][pk]
        return {"id": pk, "url": url("dcim/device-roles", pk), "display": r["name"], "name": r["name"],
                "slug": r["slug"], "description": r["description"], "device_count": device_counts[("role", pk)],
                "virtualmachine_count": 0, "_depth": 0}

    def brief_platform(pk):
        if pk is None:
            return None
        p = by["dcim.platform"][pk]
        return {"id": pk, "url": url("dcim/platforms", pk), "display": p["name"], "name": p["name"],
                "slug": p["slug"], "description": p["description"], "device_count": device_counts[("platform", pk)],
                "virtualmachine_count": 0, "_depth": 0}

    def brief_tenant(pk):
        if pk is None:
            return None
        t = by["tenancy.tenant"][pk]
        return {"id": pk, "url": url("tenancy/tenants", pk), "display": t["name"], "name": t["name"],
                "slug": t["slug"], "description": t["description"]}

    def brief_site(pk):
        s = by["dcim.site"][pk]
        return {"id": pk, "url": url("dcim/sites", pk), "display": s["name"], "name": s["name"],
                "description": s["description"], "slug": s["slug"]}

    def brief_rack(pk):
        if pk is None:
            return None
        r = by["dcim.rack"][pk]
        return {"id": pk, "url": url("dcim/racks", pk), "display": r["name"], "name": r["name"],
                "description": r["description"], "device_count": device_counts[("rack", pk)]}

    def device_display(pk):
        d = by["dcim.device"][pk]
        if d["name"]:
            return d["name"]
        t = by["dcim.devicetype"][d["device_type"]]
        return f'{by["dcim.manufacturer"][t["manufacturer"]]["name"]} {t["model"]} ({pk})'

    def brief_device(pk):
        d = by["dcim.device"][pk]
        return {"id": pk, "url": url("dcim/devices", pk), "display": device_display(pk), "name": d["name"],
                "description": d["description"]}

    component_counts = defaultdict(int)
    for model in COMPONENT_PATHS:
        for c in by["dcim." + model].values():
            component_counts[(model, c["device"])] += 1

    def device_object(pk):
        d = by["dcim.device"][pk]
        count = lambda m: component_counts[(m, pk)]  # noqa: E731
        return {
            "id": pk, "url": url("dcim/devices", pk), "display_url": f"{BASE}/dcim/devices/{pk}/",
            "display": device_display(pk), "name": d["name"],
            "device_type": brief_device_type(d["device_type"]), "role": brief_role(d["role"]),
            "tenant": brief_tenant(d["tenant"]), "platform": brief_platform(d["platform"]),
            "serial": d["serial"], "asset_tag": d["asset_tag"], "site": brief_site(d["site"]),
            "location": None, "rack": brief_rack(d["rack"]),
            "position": float(d["position"]) if d["position"] is not None else None,
            "face": choice(d["face"], FACE_LABELS) or {"value": "", "label": ""},
            "latitude": d.get("latitude"), "longitude": d.get("longitude"), "parent_device": None,
            "status": choice(d["status"], STATUS_LABELS), "airflow": choice(d["airflow"], {}) or "",
            "primary_ip": None, "primary_ip4": None, "primary_ip6": None, "oob_ip": None, "cluster": None,
            "virtual_chassis": None, "vc_position": d["vc_position"], "vc_priority": d["vc_priority"],
            "description": d["description"], "owner": None, "comments": d["comments"], "config_template": None,
            "config_context": {}, "local_context_data": d["local_context_data"], "tags": [],
            "custom_fields": d["custom_field_data"], "created": d["created"], "last_updated": d["last_updated"],
            "console_port_count": count("consoleport"), "console_server_port_count": count("consoleserverport"),
            "power_port_count": count("powerport"), "power_outlet_count": count("poweroutlet"),
            "interface_count": count("interface"), "front_port_count": count("frontport"),
            "rear_port_count": count("rearport"), "device_bay_count": 0, "module_bay_count": 0,
            "inventory_item_count": 0,
        }

    def termination_object(app, model, pk):
        f = by[f"{app}.{model}"][pk]
        if model == "circuittermination":
            c = by["circuits.circuit"][f["circuit"]]
            p = by["circuits.provider"][c["provider"]]
            return {
                "id": pk, "url": url("circuits/circuit-terminations", pk),
                "display": f'{c["cid"]}: Termination {f["term_side"]}',
                "circuit": {"id": f["circuit"], "url": url("circuits/circuits", f["circuit"]), "display": c["cid"],
                            "provider": {"id": c["provider"], "url": url("circuits/providers", c["provider"]),
                                         "display": p["name"], "name": p["name"], "slug": p["slug"],
                                         "description": p["description"]},
                            "cid": c["cid"], "description": c["description"]},
                "term_side": f["term_side"], "description": f["description"], "cable": f["cable"],
                "_occupied": f["cable"] is not None,
            }
        return {"id": pk, "url": url("dcim/" + COMPONENT_PATHS[model], pk), "display": f["name"],
                "device": brief_device(f["device"]), "name": f["name"], "description": f["description"],
                "cable": f["cable"], "_occupied": f["cable"] is not None}

    ends = defaultdict(lambda: {"A": [], "B": []})
    for pk in order["dcim.cabletermination"]:
        t = by["dcim.cabletermination"][pk]
        app, model = t["termination_type"]
        ends[t["cable"]][t["cable_end"]].append({
            "object_type": f"{app}.{model}", "object_id": t["termination_id"],
            "object": termination_object(app, model, t["termination_id"])})

    def cable_object(pk):
        c = by["dcim.cable"][pk]
        return {
            "id": pk, "url": url("dcim/cables", pk), "display_url": f"{BASE}/dcim/cables/{pk}/",
            "display": c["label"] or f"#{pk}", "type": c["type"],
            "a_terminations": ends[pk]["A"], "b_terminations": ends[pk]["B"],
            "status": choice(c["status"], STATUS_LABELS), "tenant": brief_tenant(c["tenant"]),
            "label": c["label"], "color": c["color"], "length": c["length"],
            "length_unit": choice(c["length_unit"], {}), "description": c["description"], "owner": None,
            "comments": c["comments"], "tags": [], "custom_fields": c["custom_field_data"], "created": c["created"],
            "last_updated": c["last_updated"],
        }

    def write_pages(path, prefix, items):
        n = len(items)
        for page, off in enumerate(range(0, n, PAGE)):
            nxt = f"{BASE}/api/{path}/?limit={PAGE}&offset={off + PAGE}" if off + PAGE < n else None
            if off == 0:
                prev = None
            elif off - PAGE == 0:
                prev = f"{BASE}/api/{path}/?limit={PAGE}"
            else:
                prev = f"{BASE}/api/{path}/?limit={PAGE}&offset={off - PAGE}"
            doc = {"count": n, "next": nxt, "previous": prev, "results": items[off:off + PAGE]}
            name = os.path.join(out_dir, f"{prefix}-page{page + 1}.json")
            with open(name, "w", encoding="utf-8") as f:
                json.dump(doc, f, indent=2, ensure_ascii=False)
                f.write("\n")

    # NetBox orders devices by name (unnamed last, then pk) and cables by pk.
    devices = sorted(order["dcim.device"], key=lambda pk: (by["dcim.device"][pk]["name"] is None,
                                                          by["dcim.device"][pk]["name"] or "", pk))
    write_pages("dcim/devices", "devices", [device_object(pk) for pk in devices])
    write_pages("dcim/cables", "cables", [cable_object(pk) for pk in sorted(order["dcim.cable"])])


if __name__ == "__main__":
    main()
