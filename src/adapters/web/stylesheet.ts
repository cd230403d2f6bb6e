/** The dashboard's stylesheet, as a module so it ships in the compiled build (dist/) with the code. */
export const DASHBOARD_CSS = `
/* The leaders' dashboard: system CJK fonts, readable on a phone, clean on paper. No web fonts, no scripts. */
:root { --red: #d4380d; --yellow: #d9a400; --green: #389e0d; --grey: #8c959f; --ink: #1f2328; --muted: #59636e; --line: #d0d7de; }
* { box-sizing: border-box; }
body {
  margin: 0; color: var(--ink); background: #f6f8fa; line-height: 1.6;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
}
a { color: #0b5cad; }
header.top { background: #1f4e79; color: #fff; padding: 12px 16px; }
header.top a { color: #fff; }
header.top h1 { margin: 4px 0; font-size: 1.3rem; }
.asof { margin: 0; }
.year-notice { margin: 0 0 4px; font-weight: bold; }
.asof-form { margin-top: 6px; display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
main { max-width: 1100px; margin: 0 auto; padding: 12px 16px; }
section, article { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
h2 { font-size: 1.15rem; margin: 0 0 8px; }
h3 { font-size: 1rem; margin: 16px 0 8px; }
.tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: 8px; background: none; border: 0; padding: 0; }

.tile { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px; text-align: center; color: var(--ink); text-decoration: none; }
a.tile:hover { border-color: #0b5cad; }
.tile .n { display: block; font-size: 2rem; font-weight: 700; }
.tile-red .n { color: var(--red); } .tile-yellow .n { color: var(--yellow); } .tile-green .n { color: var(--green); } .tile-grey .n { color: var(--grey); }
.light { display: inline-block; padding: 0 6px; border-radius: 10px; color: #fff; font-size: 0.85em; white-space: nowrap; }
.light-red { background: var(--red); } .light-yellow { background: var(--yellow); } .light-green { background: var(--green); } .light-grey { background: var(--grey); }
.reason { display: block; color: var(--muted); font-size: 0.85em; }
figure.chart { margin: 8px 0; }
figure.chart svg { width: 100%; height: auto; max-width: 720px; display: block; }
/* Each chart comes wide and narrow; the one that fits the screen is shown (never scrolled sideways). */
figure.chart .narrow { display: none; }
.needs-me { border-left: 4px solid var(--red); }
.alerts { padding-left: 1.4em; margin: 0; }
.alerts li { margin: 6px 0; }
.alerts .lead, .alerts .why { display: block; color: var(--muted); font-size: 0.9em; }
.alerts .why { color: var(--ink); }
.pending a { font-weight: bold; }
.tag { background: #fff1b8; border-radius: 4px; padding: 0 4px; font-size: 0.85em; }
.part { display: inline-block; min-width: 4.5em; color: var(--muted); font-size: 0.85em; margin-right: 4px; }
.files a { overflow-wrap: anywhere; }
.silent a { white-space: nowrap; }
.steps { padding-left: 1.2em; }
.legend-item { display: inline-block; margin-right: 12px; }
figcaption, .note { color: var(--muted); font-size: 0.9em; }
table.data { border-collapse: collapse; width: 100%; font-size: 0.92em; }
table.data th, table.data td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; text-align: left; }
table.data th { background: #eef2f7; }
.updates { padding-left: 1.2em; }
.updates li { margin-bottom: 8px; }
.updates .text { margin: 2px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.when, .pct { color: var(--muted); font-size: 0.9em; }
.fulltext { font-size: 1.05rem; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: 6em 1fr; gap: 4px 8px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
footer { max-width: 1100px; margin: 0 auto; padding: 8px 16px 24px; color: var(--muted); font-size: 0.85em; }
@media (max-width: 640px) {
  .tiles { grid-template-columns: repeat(2, 1fr); }
  figure.chart .wide { display: none; }
  figure.chart .narrow { display: block; }
  table.data { display: block; overflow-x: auto; }
  table.data { font-size: 0.82em; }
  table.data th, table.data td { padding: 3px 4px; }
  main { padding: 8px; }
  section, article { padding: 8px 10px; }
}
@media print {
  body { background: #fff; font-size: 10.5pt; }
  header.top { background: none; color: #000; border-bottom: 2px solid #000; padding: 0 0 6px; }
  header.top a, a { color: #000; text-decoration: none; }
  .asof-form, nav { display: none; }
  section, article { border: 0; padding: 0; break-inside: auto; }
  figure.chart, tr, .tile { break-inside: avoid; }
  .light { color: #000; border: 1px solid #000; background: none; }
  figure.chart .narrow { display: none; }
  figure.chart .wide { display: block; }
  main, footer { max-width: none; }
}
`
