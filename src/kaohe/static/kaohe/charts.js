// kaohe charts: every <div data-chart="kind" data-source="json-script-id"> becomes an ECharts
// chart drawn from the JSON the page embedded with json_script (no inline code: CSP).
(function () {
  "use strict";
  const RED = "#b71c1c", GOLD = "#f5c518", GREY = "#98a2b3";
  const builders = {
    ranking(data) {
      return {
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", max: data.max },
        yAxis: { type: "category", inverse: true, data: data.names, axisLabel: { width: 120, overflow: "truncate" } },
        tooltip: { trigger: "axis" },
        series: [{
          type: "bar", data: data.totals.map((v, i) => ({
            value: v, itemStyle: { color: data.vetoed[i] ? GREY : (data.awarded[i] ? GOLD : RED) },
          })),
          label: { show: true, position: "right" },
        }],
      };
    },
    grades(data, element) {
      // Outside labels do not fit beside the ring on a phone: the count goes on the ring,
      // the grade's name is in the legend.
      const narrow = element.clientWidth < 480;
      const label = narrow
        ? { position: "inside", formatter: (p) => (p.value ? String(p.value) : ""), color: "#fff" }
        : { formatter: "{b}: {c}" };
      return {
        tooltip: { trigger: "item" },
        legend: { bottom: 0 },
        series: [{
          type: "pie", radius: narrow ? ["35%", "68%"] : ["40%", "70%"], label,
          data: data.grades.map((g) => ({ name: g.name, value: g.count })),
        }],
      };
    },
    radar(data, element) {
      // On a phone the axis names sit close to the edge: a smaller web, and names broken
      // into lines that fit beside it rather than cut off (ECharts does not wrap them).
      const narrow = element.clientWidth < 480;
      const fontSize = narrow ? 11 : 12;
      const room = Math.floor(element.clientWidth * (narrow ? 0.22 : 0.2));
      const perLine = Math.max(3, Math.floor(room / fontSize));
      const wrap = (name) => name.match(new RegExp(`.{1,${perLine}}`, "gu")).join("\n");
      return {
        tooltip: {},
        legend: { bottom: 0, data: [data.subject, data.average_label] },
        radar: {
          indicator: data.categories.map((c) => ({ name: c.name, max: c.max })),
          radius: narrow ? "52%" : "62%",
          axisName: { fontSize, formatter: wrap },
        },
        series: [{
          type: "radar",
          data: [
            { name: data.subject, value: data.categories.map((c) => c.points), itemStyle: { color: RED }, areaStyle: { opacity: 0.15 } },
            { name: data.average_label, value: data.categories.map((c) => c.average), itemStyle: { color: GREY } },
          ],
        }],
      };
    },
    trend(data) {
      return {
        grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: data.labels },
        yAxis: { type: "value", max: data.max },
        series: [{ type: "line", data: data.totals, itemStyle: { color: RED }, label: { show: true } }],
      };
    },
  };
  function draw() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach((element) => {
      const source = document.getElementById(element.dataset.source);
      const build = builders[element.dataset.chart];
      if (!source || !build) return;
      const chart = window.echarts.init(element, null, { renderer: "svg" });
      chart.setOption(build(JSON.parse(source.textContent), element));
      element.dataset.ready = "true";
      window.addEventListener("resize", () => chart.resize());
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
