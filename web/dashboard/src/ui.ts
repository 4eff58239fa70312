// Small pieces every screen uses: an error as an alert, a coloured badge.
import { ApiError } from "./api";
import { h } from "./dom";

export function errorBox(e: unknown): HTMLElement {
  const msg = e instanceof ApiError ? `${e.message}${e.field ? ` (field: ${e.field})` : ""}` : String(e);
  return h("p", { class: "error", role: "alert" }, msg);
}

export function badge(text: string, kind: string): HTMLElement {
  return h("span", { class: `badge ${kind}` }, text);
}
