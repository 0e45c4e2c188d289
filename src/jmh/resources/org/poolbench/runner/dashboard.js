// poolbench dashboard: turns the page's data (#dashboard-data, written by org.poolbench.runner.Dashboard from
// DashboardModel) into headings, text and one Chart.js chart per chart in the data. What is drawn, and where, is in
// the data; this script only maps it to Chart.js's configuration and draws nothing itself.
'use strict';
(function () {
  const data = JSON.parse(document.getElementById('dashboard-data').textContent);
  const main = document.getElementById('dashboard');
  // by PoolKind's display order (poolbench and its variants, hikari, c3p0, vibur, unpooled), then other labels;
  // Okabe and Ito's colours for the main pools, told apart with the common colour-vision deficiencies; -1 is grey
  const PALETTE = ['#0072B2', '#56B4E9', '#009E73', '#44AA99', '#E69F00', '#D55E00', '#CC79A7', '#000000',
    '#882255', '#999933', '#117733', '#332288', '#AA4499', '#DDCC77'];
  const color = i => (i < 0 ? '#777777' : PALETTE[i % PALETTE.length]);

  // 3 significant digits, whole numbers with separators from 1000 on
  const fmt = v => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : String(Number(v.toPrecision(3))));

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) {
      e.textContent = text;
    }
    if (className) {
      e.className = className;
    }
    return e;
  }

  function link(href, text) {
    const a = el('a', text);
    a.href = href;
    return a;
  }

  function points(s) {
    return s.points.map(p => ({ x: p.x, y: p.y, n: p.n }));
  }

  function dataset(s) {
    const c = color(s.color);
    const common = { label: s.label, showInLegend: s.legend, borderColor: c, backgroundColor: c };
    switch (s.style) {
      case 'interval':
        return Object.assign(common, {
          type: 'bar', data: s.points.map(p => ({ x: p.x, y: [p.lo, p.hi], v: p.y, n: p.n })),
          backgroundColor: c + '40', borderWidth: 1.5, grouped: false, barPercentage: 0.9, categoryPercentage: 1,
          maxBarThickness: 48, order: 2,
        });
      case 'forks':
        return Object.assign(common, { type: 'scatter', data: points(s), pointRadius: 3.5, order: 1 });
      case 'points':
        return Object.assign(common, { type: 'scatter', data: points(s), pointStyle: 'rectRot', pointRadius: 6,
          order: 1 });
      case 'line':
        return Object.assign(common, { type: 'line', data: points(s), pointRadius: 3, borderWidth: 2, tension: 0,
          fill: false, order: 1 });
      case 'bars':
        return Object.assign(common, { type: 'bar', data: points(s), grouped: false, barPercentage: 0.9,
          categoryPercentage: 1, maxBarThickness: 48, order: 2 });
      case 'rule':
        return Object.assign(common, { type: 'line', data: points(s), borderDash: [6, 4], borderWidth: 1,
          pointRadius: 0, pointHitRadius: 0, order: 3 });
      case 'changes':
        return Object.assign(common, { type: 'scatter', data: points(s), pointStyle: 'triangle', pointRadius: 9,
          borderColor: '#000000', borderWidth: 1.5, order: 0 });
      default:
        throw new Error('unknown series style ' + s.style);
    }
  }

  function tooltip(ctx) {
    const p = ctx.raw;
    const value = Array.isArray(p.y) ? fmt(p.y[0]) + ' – ' + fmt(p.y[1]) + ' around ' + fmt(p.v) : fmt(p.y);
    return ctx.dataset.label + ': ' + value + (p.n ? ' · ' + p.n : '');
  }

  function config(c) {
    const labels = c.xLabels;
    return {
      type: 'scatter',
      data: { datasets: c.series.map(dataset) },
      options: {
        animation: false, // drawn at once: a page read, printed or screenshot never shows a chart half-way
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: {
            type: 'linear', min: -0.5, max: labels.length - 0.5,
            // category i sits at x = i: one tick per category, named by it
            afterBuildTicks: axis => { axis.ticks = labels.map((_, i) => ({ value: i })); },
            ticks: { callback: v => labels[v] ?? '', maxRotation: 50 },
            offset: false, // a bar dataset's default for its index axis; the categories here are numbers
            grid: { display: false },
          },
          y: {
            type: c.yLog ? 'logarithmic' : 'linear', beginAtZero: c.yFromZero,
            title: { display: true, text: c.yTitle },
          },
        },
        plugins: {
          legend: { labels: { filter: (item, chart) => chart.datasets[item.datasetIndex].showInLegend } },
          tooltip: {
            callbacks: { title: items => labels[Math.round(items[0].raw.x)] ?? '', label: tooltip },
          },
        },
      },
    };
  }

  function figure(c) {
    const fig = el('figure', undefined, 'chart chart-' + c.kind);
    fig.appendChild(el('h4', c.title));
    const box = el('div', undefined, 'box');
    // room for the legend's rows above the plot: about three entries a row
    box.style.height = (250 + 22 * Math.ceil(c.series.filter(s => s.legend).length / 3)) + 'px';
    const canvas = el('canvas');
    canvas.id = c.id;
    box.appendChild(canvas);
    fig.appendChild(box);
    if (c.notes.length) {
      const notes = el('ul', undefined, 'notes');
      c.notes.forEach(n => notes.appendChild(el('li', n)));
      fig.appendChild(notes);
    }
    return { fig, canvas };
  }

  function runsTable(runs) {
    const table = el('table', undefined, 'runs');
    const head = el('tr');
    ['run', 'commit', 'started', 'profile', 'options', 'status', 'fingerprint', 'summary']
      .forEach(h => head.appendChild(el('th', h)));
    table.appendChild(head);
    for (const r of runs) {
      const row = el('tr');
      const name = el('td');
      name.appendChild(r.dashboard ? link(r.dashboard, r.run) : el('span', r.run));
      row.appendChild(name);
      [r.commit, r.started, r.profile, r.options, r.status, r.fingerprint].forEach(v => row.appendChild(el('td', v)));
      const summary = el('td');
      summary.appendChild(link(r.summary, 'summary.md'));
      row.appendChild(summary);
      if (r.status !== 'ok') {
        row.className = 'not-ok';
      }
      table.appendChild(row);
    }
    return table;
  }

  document.title = data.title;
  main.appendChild(el('h1', data.title));
  if (data.header.length) {
    const header = el('ul', undefined, 'header');
    data.header.forEach(h => header.appendChild(el('li', h)));
    main.appendChild(header);
  }
  if (data.runs.length) {
    main.appendChild(el('h2', 'Runs'));
    main.appendChild(runsTable(data.runs));
  }
  const pending = [];
  for (const block of data.blocks) {
    main.appendChild(el('h' + block.level, block.heading));
    block.text.forEach(t => main.appendChild(el('p', t)));
    if (block.charts.length) {
      const grid = el('div', undefined, 'grid');
      for (const c of block.charts) {
        const f = figure(c);
        grid.appendChild(f.fig);
        pending.push({ c, canvas: f.canvas });
      }
      main.appendChild(grid);
    }
  }
  main.appendChild(el('p', 'Charts drawn by ' + data.library + ' (MIT licence), inlined in this file: it needs no '
    + 'network.', 'footer'));
  // every canvas is in the document (so it has its size) before the first chart is made
  for (const { c, canvas } of pending) {
    try {
      new Chart(canvas, config(c)); // eslint-disable-line no-new
    } catch (e) {
      console.error('chart ' + c.id + ' (' + c.title + '): ' + e);
      canvas.parentNode.replaceWith(el('p', 'This chart could not be drawn: ' + e, 'error'));
    }
  }
}());
