// Statistics dashboard: draws the ECharts charts from the JSON the page embeds (json_script).
// Every chart is also a table under it, so the page reads fine without JavaScript.
(function () {
  "use strict";
  var PALETTE = ["#b3261e", "#1d4f91", "#1e7a46", "#9a6700", "#6b4fa0", "#2a8c9c", "#c0622b", "#5b6470"];
  var charts = [];

  function data() {
    var node = document.getElementById("dashboard-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function init(id, option) {
    var node = document.getElementById("chart-" + id);
    if (!node || !window.echarts) return;
    // Tooltips are drawn on the canvas: ECharts' HTML tooltips carry style="" attributes, which the
    // Content-Security-Policy refuses (ECharts' own element styles are set through the DOM, which it allows).
    if (option.tooltip) option.tooltip.renderMode = "richText";
    var chart = window.echarts.init(node, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ color: PALETTE, animation: false }, option));
    charts.push(chart);
  }

  var units = { count: "", value: "%(n)s", separator: ": ", share: "" };

  function counted(n) { return units.value.replace("%(n)s", n); }

  function trend(d) {
    var series = d.series.map(function (s, i) {
      return { name: s.name, type: i === 1 ? "line" : "bar", data: s.values, smooth: false,
        lineStyle: i === 1 ? { type: "dashed" } : undefined, barMaxWidth: 28 };
    });
    series.push({ name: d.rate.name, type: "line", yAxisIndex: 1, data: d.rate.values, connectNulls: true });
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: { type: "category", data: d.labels },
      yAxis: [{ type: "value", name: units.count, minInterval: 1 }, { type: "value", name: "%", min: 0, max: 100 }],
      series: series
    };
  }

  function bars(d) {
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: d.labels.slice().reverse() },
      series: [{ type: "bar", data: d.values.slice().reverse(), barMaxWidth: 22, label: { show: true, position: "right" } }]
    };
  }

  function pie(d) {
    return {
      tooltip: { trigger: "item", formatter: function (p) {
        return p.name + units.separator + counted(p.value) + " · " + units.share + " " + d.shares[p.dataIndex] + "%";
      } },
      legend: { bottom: 0 },
      series: [{
        type: "pie", radius: ["35%", "65%"], top: -10,
        label: { formatter: function (p) { return p.name + "\n" + d.shares[p.dataIndex] + "%"; } },
        data: d.labels.map(function (name, i) { return { name: name, value: d.values[i] }; })
      }]
    };
  }

  function start() {
    var d = data();
    if (!d) return;
    units = d.units || units;
    init("trend", trend(d.trend));
    init("system", bars(d.system));
    init("channel", bars(d.channel));
    init("category", bars(d.category));
    init("settlement_form", pie(d.settlement_form));
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  // picking dates means a custom period
  document.addEventListener("change", function (event) {
    if (event.target.id === "id_date_from" || event.target.id === "id_date_to") {
      var preset = document.getElementById("id_preset");
      if (preset) preset.value = "custom";
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
