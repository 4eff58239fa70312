import { describe, expect, it } from "vitest";
import { visibleRows, type Column } from "../dashboard/src/table";
import { toCsv } from "../dashboard/src/logic";

interface Row {
  id: string;
  n: number;
}
const cols: Column<Row>[] = [
  { key: "id", label: "Id", value: (r) => r.id },
  { key: "n", label: "N", value: (r) => r.n, numeric: true },
];
const rows: Row[] = Array.from({ length: 30 }, (_, i) => ({ id: `row-${String(i).padStart(2, "0")}`, n: (i * 7) % 30 }));

describe("visibleRows", () => {
  it("filters on any cell, case folded", () => {
    const out = visibleRows(rows, cols, { filter: "ROW-1", sortKey: null, descending: false, page: 0 }, 100);
    expect(out.map((r) => r.id)).toEqual(rows.filter((r) => r.id.startsWith("row-1")).map((r) => r.id));
  });
  it("sorts numbers as numbers, both ways", () => {
    const up = visibleRows(rows, cols, { filter: "", sortKey: "n", descending: false, page: 0 }, 3);
    expect(up.map((r) => r.n)).toEqual([0, 1, 2]);
    const down = visibleRows(rows, cols, { filter: "", sortKey: "n", descending: true, page: 0 }, 3);
    expect(down.map((r) => r.n)).toEqual([29, 28, 27]);
  });
  it("pages after filtering and sorting, and the export is exactly those rows", () => {
    const page = visibleRows(rows, cols, { filter: "", sortKey: "id", descending: true, page: 1 }, 10);
    expect(page.map((r) => r.id)[0]).toBe("row-19");
    expect(page).toHaveLength(10);
    const csv = toCsv(
      cols.map((c) => c.key),
      page.map((r) => cols.map((c) => c.value(r))),
    );
    expect(csv.split("\r\n").filter((l) => l !== "")).toHaveLength(11);
    expect(csv.startsWith("id,n\r\nrow-19,")).toBe(true);
  });
});
