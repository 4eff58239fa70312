import { describe, expect, it } from "vitest";
import {
  IdleTimer,
  ageDays,
  daysUntil,
  decisionLabel,
  hhi,
  hhiBand,
  layerShares,
  milestoneTimeline,
  outageLine,
  siteMarked,
  planQuery,
  conversionLine,
  proposalAsYaml,
  proposalFromText,
  toCsv,
  vendorSiteCounts,
} from "../dashboard/src/logic";

describe("hhi", () => {
  it("is 10,000 for one vendor and 5,000 for two halves", () => {
    expect(hhi([1])).toBe(10000);
    expect(hhi([0.5, 0.5])).toBe(5000);
    expect(hhi([])).toBe(0);
  });
  it("reads the bands", () => {
    expect(hhiBand(5000)).toBe("highly concentrated");
    expect(hhiBand(1500)).toBe("moderately concentrated");
    expect(hhiBand(900)).toBe("unconcentrated");
  });
});

describe("layerShares", () => {
  const rows = [
    { vendor: "Huawei", layer: "access", elements: 149, element_share: 0.5 },
    { vendor: "Commscope", layer: "access", elements: 149, element_share: 0.5 },
    { vendor: "Ericsson", layer: "core", elements: 17, element_share: 1 },
    { vendor: "Cisco", layer: "transport", elements: 33, element_share: 0.5 },
    { vendor: "Aviat", layer: "transport", elements: 30, element_share: 0.45 },
    { vendor: "Ciena", layer: "transport", elements: 3, element_share: 0.05 },
  ];
  it("groups by layer in the given order, vendors largest first, shares from the counts", () => {
    const out = layerShares(rows, ["access", "transport", "core"]);
    expect(out.map((l) => l.layer)).toEqual(["access", "transport", "core"]);
    expect(out[1]?.vendors.map((v) => v.vendor)).toEqual(["Cisco", "Aviat", "Ciena"]);
    expect(out[1]?.elements).toBe(66);
    expect(out[1]?.vendors[0]?.share).toBeCloseTo(0.5);
    const sum = out[1]?.vendors.reduce((n, v) => n + v.share, 0);
    expect(sum).toBeCloseTo(1);
  });
  it("computes each layer's HHI", () => {
    const out = layerShares(rows);
    expect(out.find((l) => l.layer === "access")?.hhi).toBe(5000);
    expect(out.find((l) => l.layer === "core")?.hhi).toBe(10000);
    // 50^2 + 45.45^2 + 4.55^2
    expect(out.find((l) => l.layer === "transport")?.hhi).toBe(4587);
  });
  it("puts layers it was not told about last, by name", () => {
    expect(layerShares(rows, ["core"]).map((l) => l.layer)).toEqual(["core", "access", "transport"]);
  });
});

describe("toCsv", () => {
  it("quotes what RFC 4180 asks and nothing else", () => {
    expect(toCsv(["a", "b"], [["x", 1], ['say "hi", then', null], ["two\nlines", 2.5]])).toBe(
      'a,b\r\nx,1\r\n"say ""hi"", then",\r\n"two\nlines",2.5\r\n',
    );
  });
  it("writes the header alone for no rows", () => {
    expect(toCsv(["a"], [])).toBe("a\r\n");
  });
});

describe("ageDays", () => {
  it("counts whole days and refuses what is not a time", () => {
    const now = new Date("2026-12-04T12:00:00Z");
    expect(ageDays("2026-12-01T13:00:00Z", now)).toBe(2);
    expect(ageDays(null, now)).toBeNull();
    expect(ageDays("soon", now)).toBeNull();
    expect(ageDays("2027-01-01T00:00:00Z", now)).toBe(0);
  });
});

describe("proposalFromText", () => {
  it("reads YAML, drops network and operator and names them, keeps dates as text", () => {
    const p = proposalFromText("operator: X\njurisdiction: nz\ndate: 2018-11-28\nnetwork: network\nadd: []\n");
    expect(p.dropped).toEqual(["network", "operator"]);
    expect(p.proposal).toEqual({ jurisdiction: "nz", date: "2018-11-28", add: [] });
  });
  it("reads JSON", () => {
    expect(proposalFromText('{"title": "t", "add": [{"id": "a", "count": 2}]}').proposal).toEqual({
      title: "t",
      add: [{ id: "a", count: 2 }],
    });
  });
  it("refuses text that is not a mapping, or not YAML", () => {
    expect(() => proposalFromText("- a\n- b\n")).toThrow(/mapping/);
    expect(() => proposalFromText("a: [1, 2\n")).toThrow(/not YAML or JSON/);
  });
});

describe("decisionLabel", () => {
  it("words the decisions and shows a dash for none", () => {
    expect(decisionLabel("significant_risk")).toBe("significant risk");
    expect(decisionLabel(null)).toBe("—");
    expect(decisionLabel("something_new")).toBe("something new");
  });
});

describe("IdleTimer", () => {
  it("expires after the limit without activity, and activity restarts it", () => {
    let t = 0;
    const idle = new IdleTimer(1000, () => t);
    t = 999;
    expect(idle.expired()).toBe(false);
    idle.touch();
    t = 1998;
    expect(idle.expired()).toBe(false);
    t = 1999;
    expect(idle.expired()).toBe(true);
  });
});

describe("vendorSiteCounts", () => {
  it("counts the sites of each vendor, most first, ties by name", () => {
    const sites: { vendors: Record<string, number> }[] = [
      { vendors: { Huawei: 1, Commscope: 1 } },
      { vendors: { Huawei: 2 } },
      { vendors: { Cisco: 5, Aviat: 1 } },
    ];
    expect(vendorSiteCounts(sites)).toEqual([
      ["Huawei", 2],
      ["Aviat", 1],
      ["Cisco", 1],
      ["Commscope", 1],
    ]);
  });
});

describe("milestoneTimeline", () => {
  const g = (vendor: string, count: number) => ({ change: null, vendor, function: "gnb", region: "r", count, examples: [`${vendor}-1`] });
  it("orders the packs' deadlines by date and keeps the elements due at each", () => {
    const ms = milestoneTimeline([
      {
        pack: "uk",
        findings: [
          { rule: "uk-2027", title: "all out", level: "significant", element_total: 10, elements: [g("Huawei", 10)], deadline: "2027-12-31", days: 500, milestone: "Huawei out of 5G" },
          { rule: "uk-cap", title: "cap", level: "risk", element_total: 3, elements: [g("Huawei", 3)] },
        ],
      },
      {
        pack: "ca",
        findings: [
          { rule: "ca-2022", title: "5G out", level: "significant", element_total: 4, elements: [g("ZTE", 4)], deadline: "2024-06-28", days: -30 },
          { rule: "ca-none", title: "nothing due", level: "info", element_total: 0, elements: [], deadline: "2025-01-01" },
        ],
      },
    ]);
    expect(ms.map((m) => [m.deadline, m.pack, m.rule, m.elements, m.days])).toEqual([
      ["2024-06-28", "ca", "ca-2022", 4, -30],
      ["2027-12-31", "uk", "uk-2027", 10, 500],
    ]);
    expect(ms[1]?.title).toBe("Huawei out of 5G");
    expect(ms[0]?.groups[0]?.examples).toEqual(["ZTE-1"]);
  });
});

describe("proposalAsYaml", () => {
  it("gives the stored proposal back as YAML to amend, without the members the server sets", () => {
    const text = proposalAsYaml({ operator: "Spark", network: "net_1", jurisdiction: "nz", date: "2018-11-28", title: "5G", add: [{ vendor: "Huawei", count: 2 }] });
    expect(text).not.toContain("operator");
    expect(proposalFromText(text)).toEqual({
      proposal: { jurisdiction: "nz", date: "2018-11-28", title: "5G", add: [{ vendor: "Huawei", count: 2 }] },
      dropped: [],
    });
  });
});

describe("yearAfter", () => {
  it("is the same day a year on (a waiver's default expiry)", async () => {
    const { yearAfter } = await import("../dashboard/src/compliance");
    expect(yearAfter("2026-12-04")).toBe("2027-12-04");
    expect(yearAfter("2028-02-29")).toBe("2029-03-01");
  });
});

describe("daysUntil", () => {
  it("counts whole days to a date, negative once past", () => {
    const now = new Date("2026-12-04T21:30:00Z");
    expect(daysUntil("2026-12-05", now)).toBe(1);
    expect(daysUntil("2026-12-04", now)).toBe(0);
    expect(daysUntil("2025-12-04", now)).toBe(-365);
    expect(daysUntil("not a date", now)).toBeNull();
  });
});

describe("planQuery", () => {
  it("sends what the user gave, each vendor once, and leaves the rest to the server", () => {
    expect(planQuery({ pack: "ca", vendors: [], start: "2026-01-01", until: "", period: "quarter", budget: "", crews: "5" })).toBe(
      "policy=ca&start=2026-01-01&period=quarter&crews=5",
    );
    expect(
      planQuery({ pack: "", vendors: ["Huawei", "ZTE Corp"], start: "", until: "2027-12-31", period: "month", budget: " 2e6 ", crews: "" }),
    ).toBe("remove_vendor=Huawei&remove_vendor=ZTE+Corp&until=2027-12-31&period=month&budget=2e6");
    expect(planQuery({ pack: "gb", vendors: [], start: "", until: "", period: "", budget: "", crews: "", currency: "EUR" })).toBe(
      "policy=gb&currency=EUR",
    );
  });
});

describe("conversionLine", () => {
  const source = "ECB euro foreign exchange reference rates of 1 October 2019 (2019/C 331/05)";
  it("names each converted row, the rates with their date and their source", () => {
    const line = conversionLine(
      {
        currency: "GBP",
        base: "EUR",
        items: [{ item: "olt", from: "USD", from_cost: 20100, cost: 16406.64 }],
        rates: [
          { currency: "GBP", per_eur: 0.88955, date: "2019-10-01", source, items: [] },
          { currency: "USD", per_eur: 1.0898, date: "2019-10-01", source, items: ["olt"] },
          { currency: "SEK", per_eur: 10.8043, date: "2019-10-01", source, items: [] },
        ],
      },
      "GBP",
    );
    expect(line).toBe(
      `Priced in GBP. Converted: olt 20,100 USD = 16,406.64 GBP, at the rates of 2019-10-01 (1 EUR = 0.88955 GBP = 1.0898 USD; ${source}).`,
    );
  });
  it("says so when nothing was converted", () => {
    expect(conversionLine({ currency: "GBP", base: "EUR", items: [], rates: [] }, "GBP")).toBe(
      "Priced in GBP; no cost row was in another currency.",
    );
    expect(conversionLine(undefined, "SEK")).toBe("Priced in SEK; no cost row was in another currency.");
  });
});

describe("the map's colouring", () => {
  const site = { subscribers: 3000, vendors: { Huawei: 2, Cisco: 1 }, access_cut: 2, subscribers_cut: 3000 };
  it("marks a place by the vendor's equipment, or by what its outage cuts", () => {
    expect(siteMarked(site, "Huawei", "equipment")).toBe(true);
    expect(siteMarked(site, "Nokia", "equipment")).toBe(false);
    expect(siteMarked({ ...site, access_cut: 0 }, "Huawei", "outage")).toBe(false);
    expect(siteMarked({ subscribers: 5, vendors: { Cisco: 1 }, access_cut: 1, subscribers_cut: 5 }, "Huawei", "outage")).toBe(true);
  });
  it("says what the outage cuts in the tooltip", () => {
    expect(outageLine(site, "Huawei")).toBe("Huawei's outage cuts 3,000 subscribers on 2 access elements (every subscriber here)");
    expect(outageLine({ ...site, access_cut: 1, subscribers_cut: 1200 }, "Huawei")).toBe("Huawei's outage cuts 1,200 subscribers on 1 access element");
    expect(outageLine({ ...site, access_cut: 0, subscribers_cut: 0 }, "ZTE")).toBe("ZTE's outage cuts nothing here");
  });
});
