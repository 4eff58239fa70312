// The base map (vite.config.ts alias; scripts/cut-countries.mjs cuts it).
declare module "netvet-countries" {
  const countries: GeoJSON.FeatureCollection;
  export default countries;
}
