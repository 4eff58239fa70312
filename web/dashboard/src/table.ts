// A table that behaves like the tools people know: click a header to sort,
// type to filter, page through, and export exactly the rows shown (the
// filtered, sorted page) as CSV or JSON.
import { h, replace, type Child } from "./dom";
import { toCsv } from "./logic";

export type Cell = string | number | null;

export interface Column<R> {
  key: string;
  label: string;
  value: (row: R) => Cell;
  render?: (row: R) => Child;
  numeric?: boolean;
}

export interface TableOptions {
  caption: string;
  id: string;
  pageSize?: number;
  exportName?: string;
}

export interface TableState {
  filter: string;
  sortKey: string | null;
  descending: boolean;
  page: number;
}

// The rows shown for a state: filtered (any cell contains the text, case
// folded), sorted, then cut to the page.
export function visibleRows<R>(rows: R[], columns: Column<R>[], st: TableState, pageSize: number): R[] {
  const f = st.filter.trim().toLowerCase();
  let out = f === "" ? rows : rows.filter((r) => columns.some((c) => String(c.value(r) ?? "").toLowerCase().includes(f)));
  const col = columns.find((c) => c.key === st.sortKey);
  if (col) {
    const sign = st.descending ? -1 : 1;
    out = [...out].sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      if (typeof x === "number" && typeof y === "number") return sign * (x - y);
      return sign * String(x ?? "").localeCompare(String(y ?? ""));
    });
  }
  return out.slice(st.page * pageSize, (st.page + 1) * pageSize);
}

export function dataTable<R>(rows: R[], columns: Column<R>[], opt: TableOptions): HTMLElement {
  const pageSize = opt.pageSize ?? 25;
  const st: TableState = { filter: "", sortKey: null, descending: false, page: 0 };
  const body = h("tbody");
  const head = h("thead");
  const status = h("span", { class: "pager-status", "aria-live": "polite" });
  const prev = h("button", { type: "button" }, "Previous");
  const next = h("button", { type: "button" }, "Next");
  let shown: R[] = [];

  const matching = () => visibleRows(rows, columns, { ...st, page: 0 }, Number.MAX_SAFE_INTEGER).length;
  const draw = () => {
    const total = matching();
    const pages = Math.max(1, Math.ceil(total / pageSize));
    st.page = Math.min(st.page, pages - 1);
    shown = visibleRows(rows, columns, st, pageSize);
    replace(
      head,
      h(
        "tr",
        {},
        columns.map((c) =>
          h(
            "th",
            {
              scope: "col",
              "aria-sort": st.sortKey === c.key ? (st.descending ? "descending" : "ascending") : undefined,
            },
            h(
              "button",
              {
                type: "button",
                class: "sort",
                onclick: () => {
                  st.descending = st.sortKey === c.key ? !st.descending : false;
                  st.sortKey = c.key;
                  draw();
                },
              },
              c.label,
            ),
          ),
        ),
      ),
    );
    replace(
      body,
      shown.length === 0
        ? h("tr", {}, h("td", { colspan: columns.length }, "No rows."))
        : shown.map((r) =>
            h(
              "tr",
              {},
              columns.map((c) => h("td", { class: c.numeric ? "num" : undefined }, c.render ? c.render(r) : c.value(r))),
            ),
          ),
    );
    status.textContent = `${total === 0 ? 0 : st.page * pageSize + 1}–${st.page * pageSize + shown.length} of ${total}`;
    prev.toggleAttribute("disabled", st.page === 0);
    next.toggleAttribute("disabled", st.page >= pages - 1);
  };
  prev.addEventListener("click", () => {
    st.page -= 1;
    draw();
  });
  next.addEventListener("click", () => {
    st.page += 1;
    draw();
  });
  const download = (kind: "csv" | "json") => {
    const name = `${opt.exportName ?? opt.id}.${kind}`;
    const text =
      kind === "csv"
        ? toCsv(
            columns.map((c) => c.key),
            shown.map((r) => columns.map((c) => c.value(r))),
          )
        : JSON.stringify(
            shown.map((r) => Object.fromEntries(columns.map((c) => [c.key, c.value(r)]))),
            null,
            2,
          ) + "\n";
    const url = URL.createObjectURL(new Blob([text], { type: kind === "csv" ? "text/csv" : "application/json" }));
    const a = h("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const filter = h("input", {
    type: "search",
    placeholder: "Filter",
    "aria-label": `Filter ${opt.caption}`,
    oninput: (e: Event) => {
      st.filter = (e.target as HTMLInputElement).value;
      st.page = 0;
      draw();
    },
  });
  draw();
  return h(
    "section",
    { class: "table-block", id: opt.id },
    h(
      "div",
      { class: "table-tools" },
      filter,
      h("button", { type: "button", class: "export-csv", onclick: () => download("csv") }, "Export CSV"),
      h("button", { type: "button", class: "export-json", onclick: () => download("json") }, "Export JSON"),
    ),
    h("div", { class: "table-scroll" }, h("table", {}, h("caption", {}, opt.caption), head, body)),
    h("div", { class: "pager" }, prev, status, next),
  );
}
