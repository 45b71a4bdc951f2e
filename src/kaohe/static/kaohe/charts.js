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
    grades(data) {
      return {
        tooltip: { trigger: "item" },
        legend: { bottom: 0 },
        series: [{ type: "pie", radius: ["40%", "70%"], data: data.grades.map((g) => ({ name: g.name, value: g.count })) }],
      };
    },
    radar(data) {
      return {
        tooltip: {},
        legend: { bottom: 0, data: [data.subject, data.average_label] },
        radar: { indicator: data.categories.map((c) => ({ name: c.name, max: c.max })), radius: "62%" },
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
      chart.setOption(build(JSON.parse(source.textContent)));
      element.dataset.ready = "true";
      window.addEventListener("resize", () => chart.resize());
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
