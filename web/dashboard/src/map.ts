// The map of a network's sites: Leaflet over the bundled base map (the
// countries netvet has packs for, cut at build time from Natural Earth by
// scripts/cut-countries.mjs; no tiles, nothing fetched from elsewhere).
// Sites are circles on a canvas (many thousands stay fluid), coloured by
// whether the chosen vendor has equipment there; hovering shows the site,
// its vendors and subscribers.
import "leaflet/dist/leaflet.css";
import * as L from "leaflet";
import countries from "netvet-countries";
import { h } from "./dom";
import { outageLine, siteMarked } from "./logic";

// A site, or (for a large network, `aggregated`) a grid cell of sites.
export interface Site {
  site: string;
  region: string;
  lat: number;
  lon: number;
  sites: number;
  elements: number;
  subscribers: number;
  vendors: Record<string, number>;
  access_cut?: number;
  subscribers_cut?: number;
}

// How the map colours: by whether the vendor has equipment at a place, or
// by whether its outage would cut service there (sites?outage=VENDOR).
export type MapMode = "equipment" | "outage";

export const kWith = "#b00020";
export const kWithout = "#1d4e89";

export function siteMap(
  el: HTMLElement,
  first: Site[],
  choice: () => { vendor: string; mode: MapMode },
): { redraw: (sites?: Site[]) => void; dispose: () => void } {
  let sites = first;
  const map = L.map(el, { preferCanvas: true, attributionControl: true, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Base map: Natural Earth (public domain)");
  L.geoJSON(countries, {
    style: { color: "#8a98a8", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
  const layer = L.layerGroup().addTo(map);
  const renderer = L.canvas({ padding: 0.2 });
  const redraw = (next?: Site[]) => {
    if (next) sites = next;
    layer.clearLayers();
    const { vendor: v, mode } = choice();
    for (const s of sites) {
      const marked = siteMarked(s, v, mode);
      // The tooltip's content is made when it opens: tens of thousands of
      // places would otherwise build as many DOM trees before the map draws.
      const tip = () =>
        h(
          "div",
          {},
          s.site ? h("strong", {}, s.site) : h("strong", {}, `${s.sites.toLocaleString("en")} sites`),
          s.region ? ` (${s.region})` : "",
          h("br"),
          Object.entries(s.vendors)
            .map(([name, n]) => `${name} ${n}`)
            .join(", "),
          h("br"),
          `${s.subscribers.toLocaleString("en")} subscribers`,
          mode === "outage" ? [h("br"), outageLine(s, v)] : null,
        );
      L.circleMarker([s.lat, s.lon], {
        renderer,
        radius: s.sites > 1 ? Math.min(14, 4 + Math.log2(s.sites)) : 5,
        weight: 1,
        color: marked ? kWith : kWithout,
        fillColor: marked ? kWith : kWithout,
        fillOpacity: 0.7,
      })
        .bindTooltip(tip)
        .addTo(layer);
    }
  };
  // For the end-to-end test: where a place is drawn, to hover it.
  (el as HTMLElement & { netvetPoint?: (lat: number, lon: number) => L.Point }).netvetPoint = (lat, lon) =>
    map.latLngToContainerPoint([lat, lon]);
  redraw();
  if (sites.length > 0) {
    map.fitBounds(L.latLngBounds(sites.map((s) => [s.lat, s.lon] as [number, number])).pad(0.1));
  } else {
    map.setView([0, 0], 1);
  }
  return { redraw, dispose: () => map.remove() };
}
