// The vendor-share chart: ECharts core, tree-shaken (bars, mark lines, grid,
// legend, title; canvas renderer), so the bundle carries only these parts.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, AriaComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import type { LayerShares } from "./logic";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, AriaComponent, CanvasRenderer]);

export interface CapLine {
  label: string;
  percent: number;
}

// Grouped bars: one group per layer, one bar per vendor, in percent of the
// layer's elements; each cap a horizontal line across the chart.
export function shareChart(el: HTMLElement, layers: LayerShares[], caps: CapLine[]): () => void {
  const vendors = [...new Set(layers.flatMap((l) => l.vendors.map((v) => v.vendor)))];
  const chart = echarts.init(el, undefined, { renderer: "canvas" });
  const markLine = {
    symbol: "none",
    silent: true,
    lineStyle: { color: "#b00020", type: "dashed" as const, width: 2 },
    label: { formatter: "{b}", position: "insideEndTop" as const, color: "#b00020" },
    data: caps.map((c) => ({ name: `${c.label}: ${c.percent} %`, yAxis: c.percent })),
  };
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    legend: { top: 0, type: "scroll" },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: "category", data: layers.map((l) => l.layer) },
    yAxis: { type: "value", max: 100, name: "% of layer", axisLabel: { formatter: "{value} %" } },
    series: vendors.map((v, i) => ({
      name: v,
      type: "bar",
      data: layers.map((l) => {
        const x = l.vendors.find((y) => y.vendor === v);
        return x ? Math.round(x.share * 1000) / 10 : 0;
      }),
      ...(i === 0 && caps.length > 0 ? { markLine } : {}),
    })),
  });
  const onResize = () => chart.resize();
  window.addEventListener("resize", onResize);
  return () => {
    window.removeEventListener("resize", onResize);
    chart.dispose();
  };
}

// The burn-down of a removal plan: subscribers and sites still on the
// removed equipment after each period.
export function burnDownChart(
  el: HTMLElement,
  periods: { period: string; subscribers_remaining: number; sites_remaining: number }[],
): () => void {
  const chart = echarts.init(el, undefined, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    legend: { top: 0 },
    grid: { left: 72, right: 56, top: 40, bottom: 32 },
    xAxis: { type: "category", data: periods.map((p) => p.period) },
    yAxis: [
      { type: "value", name: "subscribers", min: 0 },
      { type: "value", name: "sites", min: 0 },
    ],
    series: [
      { name: "Subscribers still on it", type: "line", step: "end", data: periods.map((p) => p.subscribers_remaining) },
      { name: "Sites still to swap", type: "line", step: "end", yAxisIndex: 1, data: periods.map((p) => p.sites_remaining) },
    ],
  });
  return () => chart.dispose();
}
