#pragma once
// The stylesheet and the script every report page carries. The script turns
// the chart JSON into ECharts charts (SVG), adds the number formatters of the
// page's language and draws interval whiskers; it records per chart how many
// marks were drawn, for the browser test (window.ozsimReport).

namespace ozsim::report {

inline constexpr const char* PAGE_STYLE = R"CSS(
:root { --ink: #1b1f24; --muted: #5b6470; --line: #d9dee4; --accent: #1d3557; --good: #1e7b45; --bad: #b23a2e; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto;
       max-width: 980px; padding: 24px 28px 60px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 16px; margin: 22px 0 4px; }
p.lead { color: var(--muted); margin: 0 0 12px; }
.meta { color: var(--muted); font-size: 13px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 10px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; break-inside: avoid; }
.card .label { font-size: 13px; color: var(--muted); min-height: 2.6em; }
.card .value { font-size: 24px; font-weight: 600; }
.card .unit { font-size: 13px; color: var(--muted); margin-left: 4px; font-weight: 400; white-space: nowrap; display: inline-block; }
.card .interval, .card .years { font-size: 12px; color: var(--muted); }
figure.chart-block { margin: 18px 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart-block h3 { margin-top: 0; }
.chart { width: 100%; }
table.facts th { width: 30%; }
td.value, li code, td code { overflow-wrap: anywhere; }
td.value { max-width: 16em; font-variant-numeric: tabular-nums; }
/* Scenario keys are long dotted names: room for most of them on one line. */
table.assumptions td:first-child { width: 40%; }
/* The regions table: a region's name on one line, the heads of its number columns may wrap. */
table.regions tbody th { white-space: nowrap; }
table.regions thead th.num { white-space: normal; }
figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
table { border-collapse: collapse; width: 100%; margin: 10px 0; font-size: 13.5px; break-inside: auto; }
/* A table with many number columns (a budget per payer per year) scrolls inside the page on screen rather
   than widening it; in print it is a table again. */
@media screen { table { display: block; overflow-x: auto; } }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; }
thead th { background: #f3f5f8; }
.better { color: var(--good); font-weight: 600; }
.worse { color: var(--bad); font-weight: 600; }
.note { border-left: 4px solid #e0a800; background: #fff8e1; padding: 8px 12px; margin: 12px 0; break-inside: avoid; }
.missing { border-left: 4px solid var(--bad); background: #fdecea; padding: 8px 12px; margin: 12px 0; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
pre { background: #f3f5f8; padding: 8px 10px; white-space: pre-wrap; word-break: break-all; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; background: #fff1c2; }
.tag.source { background: #e5f1e8; }
ul.sentences li { margin: 6px 0; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 12px; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  details { display: none; }
  .cards { grid-template-columns: repeat(3, 1fr); }
}
)CSS";

inline constexpr const char* PAGE_SCRIPT = R"JS(
(function () {
  'use strict';
  const lang = document.documentElement.lang === 'nl' ? 'nl' : 'en';
  const locale = lang === 'nl' ? 'nl-NL' : 'en-GB';
  const decimalsFor = (v) => { const a = Math.abs(v); return a >= 100 ? 0 : a >= 10 ? 1 : 2; };
  const grouped = (v, d) => new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: d }).format(v);
  // The same conventions as ozsim's number formatter: nl "€ 21.000", "-€ 3.500", "3,5%"; en "€21,000", "3.5%".
  const formatters = {
    number: (v) => grouped(v, decimalsFor(v)),
    euro: (v) => (v < 0 && Math.round(v) !== 0 ? '-' : '') + (lang === 'nl' ? '€ ' : '€') + grouped(Math.abs(v), 0),
    percent: (v) => grouped(v * 100, 1) + '%',
    // A difference of shares: percentage points, as ozsim's format_difference writes them.
    points: (v) => grouped(v * 100, 1) + (lang === 'nl' ? ' procentpunt' : ' percentage points'),
    significant: (v) => new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 }).format(v),
  };
  // Axes: millions of euros shortened, as ozsim's euros_compact: nl "€ 12,3 mln", en "€12.3m"; percentage
  // points without their unit, which the axis name carries.
  const axisFormatters = Object.assign({}, formatters, {
    points: (v) => grouped(v * 100, 1),
    euro: (v) => Math.abs(v) < 1e6 ? formatters.euro(v)
      : (v < 0 ? '-' : '') + (lang === 'nl' ? '€ ' + grouped(Math.abs(v) / 1e6, 1) + ' mln' : '€' + grouped(Math.abs(v) / 1e6, 1) + 'm'),
  });
  const safe = (f) => (v) => (v === null || v === undefined || !Number.isFinite(Number(v)) ? '' : f(Number(v)));

  function intervalRenderer(orientation) {
    return function (params, api) {
      const cat = api.value(0), lo = api.value(1), hi = api.value(2), mean = api.value(3);
      const color = api.visual('color');
      const style = { stroke: color, lineWidth: 2 };
      const point = (v) => (orientation === 'horizontal' ? api.coord([v, cat]) : api.coord([cat, v]));
      const band = orientation === 'horizontal' ? api.size([0, 1])[1] : api.size([1, 0])[0];
      const cap = Math.max(6, Math.min(16, band * 0.35));
      const children = [];
      if (Number.isFinite(lo) && Number.isFinite(hi)) {
        const a = point(lo), b = point(hi);
        children.push({ type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style });
        for (const p of [a, b]) {
          children.push(orientation === 'horizontal'
            ? { type: 'line', shape: { x1: p[0], y1: p[1] - cap / 2, x2: p[0], y2: p[1] + cap / 2 }, style }
            : { type: 'line', shape: { x1: p[0] - cap / 2, y1: p[1], x2: p[0] + cap / 2, y2: p[1] }, style });
        }
      }
      if (Number.isFinite(mean)) {
        const m = point(mean);
        children.push({ type: 'circle', shape: { cx: m[0], cy: m[1], r: 4 }, style: { fill: color, stroke: '#fff', lineWidth: 1 } });
      }
      return { type: 'group', children };
    };
  }

  // A band between a lower and an upper line on a value x axis, as one polygon: ECharts stacks the first
  // numeric dimension, which on a value x axis is x, so the stacked band of band_series cannot be used there.
  function bandRenderer(data) {
    return function (params, api) {
      if (params.dataIndex !== 0) return null;
      const upper = data.map((d) => api.coord([d[0], d[2]]));
      const lower = data.map((d) => api.coord([d[0], d[1]])).reverse();
      return { type: 'polygon', shape: { points: upper.concat(lower) }, style: { fill: api.visual('color'), opacity: 0.22 }, silent: true };
    };
  }

  function prepare(option) {
    const hints = option.ozsim || {};
    delete option.ozsim;
    const f = safe(formatters[hints.format] || formatters.number);
    const axisF = safe(axisFormatters[hints.format] || axisFormatters.number);
    const axes = [].concat(option.xAxis || [], option.yAxis || []);
    for (const axis of axes) if (axis.type === 'value') axis.axisLabel = Object.assign({ formatter: axisF }, axis.axisLabel || {});
    if (option.tooltip) option.tooltip.valueFormatter = f;
    for (const s of option.series || []) {
      if (s.ozsim_interval) {
        const orientation = s.ozsim_interval;
        const categories = (orientation === 'horizontal' ? option.yAxis : option.xAxis).data || [];
        s.renderItem = intervalRenderer(orientation);
        s.tooltip = { formatter: (p) => (categories[p.value[0]] || '') + ': ' + f(p.value[3]) + ' (' + f(p.value[1]) + ' – ' + f(p.value[2]) + ')' };
        delete s.ozsim_interval;
      }
      if (s.type === 'sankey') {
        const display = {};
        for (const n of s.data) display[n.name] = n.display;
        s.label = Object.assign({ formatter: (p) => display[p.name] || p.name }, s.label || {});
        s.tooltip = { formatter: (p) => p.dataType === 'edge'
          ? display[p.data.source] + ' → ' + display[p.data.target] + ': ' + f(p.data.value)
            + (p.data.lo95 !== undefined && p.data.lo95 !== null ? ' (' + f(p.data.lo95) + ' – ' + f(p.data.hi95) + ')' : '')
          : display[p.name] + ': ' + f(p.value) };
      }
      if (s.ozsim_band === 'polygon') s.renderItem = bandRenderer(s.data);
      delete s.ozsim_band;
    }
    return option;
  }

  const report = { charts: [], errors: [] };
  window.ozsimReport = report;
  const instances = [];
  for (const el of document.querySelectorAll('.chart[data-option]')) {
    const source = document.getElementById(el.dataset.option);
    try {
      const option = prepare(JSON.parse(source.textContent));
      const points = (option.series || []).reduce((n, s) => n + (s.data ? s.data.length : 0) + (s.links ? s.links.length : 0), 0);
      const chart = echarts.init(el, null, { renderer: 'svg', locale: lang === 'nl' && echarts.ozsimHasNL ? 'NL' : 'EN' });
      chart.setOption(option);
      instances.push(chart);
      // Marks the series drew (bars, lines, links, whiskers), axes and legend not counted; ECharts keeps one view per series.
      let marks = 0;
      for (const view of chart._chartsViews || []) view.group.traverse((e) => { if (!e.isGroup && !e.invisible) marks++; });
      if (!el.querySelector('svg')) marks = 0;
      el.dataset.marks = String(marks);
      report.charts.push({ id: el.id, points, marks });
    } catch (e) {
      report.errors.push(el.id + ': ' + e.message);
      console.error('ozsim report: chart ' + el.id + ': ' + e.message);
    }
  }
  // Print and screen differ in width; charts follow the page before printing.
  const resize = () => instances.forEach((c) => c.resize());
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
  window.addEventListener('resize', resize);
  document.body.dataset.ready = 'yes';
})();
)JS";

}  // namespace ozsim::report
