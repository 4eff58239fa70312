// The engines.node ranges of scripts/check-node-engines.mjs, as npm's semver
// reads them: the forms web/package-lock.json holds, against Debian 12's
// Node.js 18.19.0 and a later one.
import { describe, expect, it } from "vitest";
import { satisfies } from "../scripts/check-node-engines.mjs";

describe("engines.node ranges", () => {
  it.each([
    [">=18", true],
    [">=20", false],
    [">=20.18.0", false],
    ["^18.0.0 || >=20.0.0", true],
    ["^18.20.0 || >=20.0.0", false],
    [">= 14.16", true],
    ["^10 || ^12 || >=14", true],
    ["^8.16.0 || ^10.6.0 || >=11.0.0", true],
    ["^14.17.0 || ^16.13.0 || >=18.0.0", true],
    [">=0.12", true],
    ["18.x", true],
    ["20.x", false],
    ["~18.18.0", false],
    ["~18", true],
    [">16 <19", true],
    [">18.x", false],
    ["<=18.x", true],
    ["16 - 18", true],
    ["*", true],
    ["", true],
  ])("18.19.0 against %j: %s", (range, ok) => {
    expect(satisfies("18.19.0", range)).toBe(ok);
  });

  it("caret ranges below 1.0 stay within their minor", () => {
    expect(satisfies("0.2.9", "^0.2.3")).toBe(true);
    expect(satisfies("0.3.0", "^0.2.3")).toBe(false);
    expect(satisfies("22.11.0", "^18.0.0 || >=20.0.0")).toBe(true);
    expect(satisfies("19.0.0", "^18.0.0 || >=20.0.0")).toBe(false);
  });

  it("refuses what is not a range", () => {
    expect(() => satisfies("18.19.0", ">=eighteen")).toThrow(/not a version range/);
  });
});
