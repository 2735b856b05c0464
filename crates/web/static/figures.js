// The dashboard's charts: one JSON answer from the figures API, drawn with ECharts (SVG, so the
// text stays sharp on phones and readable to tests). Each chart is a <div data-chart="…">
// inside an element whose data-src names the API call.
(function () {
  'use strict';
  var root = document.querySelector('[data-src]');
  if (!root || !window.echarts) { return; }
  var charts = [];
  function chart(name, option) {
    var el = root.querySelector('[data-chart="' + name + '"]');
    if (!el) { return; }
    var c = window.echarts.init(el, null, { renderer: 'svg' });
    option.animation = false;
    option.tooltip = option.tooltip || { trigger: 'item' };
    c.setOption(option);
    charts.push(c);
  }
  function pie(name, slices) {
    var data = slices.filter(function (s) { return s.value > 0; });
    chart(name, {
      legend: { bottom: 0, type: 'scroll' },
      series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'],
        data: data.map(function (s) { return { name: s.name, value: s.value }; }),
        label: { formatter: '{b}\n{c}' } }]
    });
    if (data.length === 0) {
      var el = root.querySelector('[data-chart="' + name + '"]');
      if (el) { el.setAttribute('data-empty', 'true'); }
    }
  }
  fetch(root.getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (d) {
      var grid = { left: 48, right: 16, top: 40, bottom: 56, containLabel: true };
      chart('trend', {
        tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' }, grid: grid,
        xAxis: { type: 'category', data: d.months }, yAxis: { type: 'value' },
        series: d.trend.map(function (s) { return { name: s.name, type: 'line', data: s.values }; })
      });
      chart('amounts', {
        tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 48, right: 16, top: 72, bottom: 32, containLabel: true },
        xAxis: { type: 'category', data: d.months },
        yAxis: [{ type: 'value', name: d.amounts[0].name }, { type: 'value', name: d.amounts[1].name }],
        series: [
          { name: d.amounts[0].name, type: 'bar', data: d.amounts[0].values },
          { name: d.amounts[1].name, type: 'line', yAxisIndex: 1, data: d.amounts[1].values }
        ]
      });
      pie('categories', d.categories);
      pie('outcomes', d.outcomes);
      pie('hours_sources', d.hours_sources);
      pie('money_sources', d.money_sources);
      var rows = d.coverage.slice().reverse();
      var el = root.querySelector('[data-chart="coverage"]');
      if (el) { el.style.height = Math.max(240, 28 * rows.length + 80) + 'px'; }
      chart('coverage', {
        tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 8, right: 24, top: 32, bottom: 24, containLabel: true },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', data: rows.map(function (c) { return c.name; }) },
        series: [
          { name: root.getAttribute('data-stations'), type: 'bar', data: rows.map(function (c) { return c.stations; }) },
          { name: root.getAttribute('data-rooms'), type: 'bar', data: rows.map(function (c) { return c.rooms; }) }
        ]
      });
      root.setAttribute('data-ready', 'true');
    })
    .catch(function (e) {
      var p = root.querySelector('.chart-error');
      if (p) { p.hidden = false; p.textContent += ' (' + e.message + ')'; }
      root.setAttribute('data-ready', 'failed');
    });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
}());
