// The report's stylesheet and script, inlined into report.html: it makes no request of any kind.

export const REPORT_CSS = `
:root { color-scheme: light; font: 14px/1.45 system-ui, sans-serif; color: #1d2430; background: #f6f7f9; }
body { margin: 0 auto; max-width: 1160px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 12px 16px; overflow-x: auto; }
.meta { color: #566070; margin: 0 0 16px; }
.kpis { display: flex; gap: 12px; flex-wrap: wrap; }
.kpi { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 10px 14px; min-width: 140px; }
.kpi b { display: block; font-size: 20px; }
.kpi span { color: #566070; font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
th { font-weight: 600; color: #566070; font-size: 12px; }
.label, .tick, .mark-label, .chart-title { font: 11px system-ui, sans-serif; fill: #566070; }
.chart-title { font-weight: 600; fill: #1d2430; }
.cell-empty { fill: #f1f3f6; }
.lane, .grid { stroke: #e3e6eb; }
.mark-line { stroke: #7c3aed; stroke-dasharray: 3 3; }
.sym-mark { fill: #7c3aed; } .sym-action { fill: #0f766e; } .sym-anomaly { fill: #dc2626; } .sym-note { fill: #ca8a04; }
.actual { fill: none; stroke: #2563eb; stroke-width: 1.5; }
.forecast { fill: none; stroke: #9333ea; stroke-width: 1.5; stroke-dasharray: 5 3; }
.band { fill: #9333ea; opacity: 0.15; }
.charts { display: flex; flex-wrap: wrap; gap: 8px; }
.empty { color: #8a93a0; font-style: italic; }
.lines-box { max-height: 70vh; overflow: auto; }
.lines { font: 12px/1.4 ui-monospace, monospace; }
.lines td { white-space: pre-wrap; word-break: break-all; }
.lines .ts { white-space: nowrap; color: #566070; }
.lvl-error, .lvl-fatal { color: #b91c1c; } .lvl-warn { color: #b45309; }
.marker td { color: #7c3aed; font-style: italic; }
.filters { display: flex; gap: 8px; margin-bottom: 8px; align-items: center; }
.filters input { flex: 1; padding: 6px 8px; border: 1px solid #c8ced8; border-radius: 4px; }
.redactions li { font-family: ui-monospace, monospace; }
`;

/** Filters the embedded excerpt. Lines are inserted with textContent only: log text is never markup. */
export const REPORT_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('excerpt-data').textContent);
  var body = document.getElementById('excerpt-rows');
  var query = document.getElementById('excerpt-query');
  var level = document.getElementById('excerpt-level');
  var count = document.getElementById('excerpt-count');
  var LIMIT = 1000;
  function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }
  function stamp(ts) {
    var d = new Date(ts);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2) + ' ' +
      pad(d.getUTCHours(), 2) + ':' + pad(d.getUTCMinutes(), 2) + ':' + pad(d.getUTCSeconds(), 2) + '.' +
      pad(d.getUTCMilliseconds(), 3);
  }
  var SEVERITY = { fatal: 5, error: 4, warn: 3, info: 2, debug: 1, trace: 0 };
  function render() {
    var q = query.value.toLowerCase();
    var min = level.value === '' ? -1 : SEVERITY[level.value];
    var shown = 0, matched = 0;
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < data.length; i++) {
      var e = data[i];
      if (min >= 0 && (e.level === null || SEVERITY[e.level] < min)) continue;
      if (q && (e.host + ' ' + e.app + ' ' + e.message).toLowerCase().indexOf(q) < 0) continue;
      matched++;
      if (shown >= LIMIT) continue;
      shown++;
      var tr = document.createElement('tr');
      if (e.marker) tr.className = 'marker';
      var cells = [stamp(e.ts), e.host, e.level || '', e.marker ? '[' + e.marker + '] ' + e.message : e.message];
      for (var c = 0; c < cells.length; c++) {
        var td = document.createElement('td');
        td.textContent = cells[c];
        if (c === 0) td.className = 'ts';
        if (c === 2 && e.level) td.className = 'lvl-' + e.level;
        tr.appendChild(td);
      }
      fragment.appendChild(tr);
    }
    body.replaceChildren(fragment);
    count.textContent = matched + ' of ' + data.length + ' lines' + (matched > shown ? ' (first ' + shown + ' shown)' : '');
  }
  query.addEventListener('input', render);
  level.addEventListener('change', render);
  render();
})();
`;
