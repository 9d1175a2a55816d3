// Markdown and SVG renderings of a benchmark result (no dependencies).

const fmtInt = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "—");
const fmtRate = (s) => (s ? `${fmtInt(s.median)}/s` : "—");
const fmtRatio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "—");
const fmtMs = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : "—");
const fmtSigned = (x, unit) => (Number.isFinite(x) ? `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(1)} ${unit}` : "—");
const mib = (b) => b / 2 ** 20;
const fmtMiB = (b) => (Number.isFinite(b) ? fmtSigned(mib(b), "MiB") : "—");
const verdict = (t) => (!t ? "—" : t.pass === undefined ? "n/a" : t.pass ? "pass" : "**miss**");

function mainRow(row) {
  switch (row.id) {
    case "node-cold":
      return [row.label, `${fmtMs(row.result_ms.raw)} (bare)`, fmtMs(row.result_ms.pkg), fmtMs(row.result_ms.sdk),
        fmtSigned(row.pkg_over_bare_ms, "ms"), fmtSigned(row.pkg_minus_sdk_ms, "ms"), row.target.text, verdict(row.target)];
    case "node-memory":
      return [row.label, `${fmtMiB(row.raw.rss_growth_trend)} (control)`, `${fmtMiB(row.pkg.rss_growth_trend)}; wasm ${row.pkg.wasm_memory_to === row.pkg.wasm_memory_from ? "flat" : `${fmtSigned((row.pkg.wasm_memory_to - row.pkg.wasm_memory_from) / 1024, "KiB")}`}`, "—", "—", "—", `${row.target.text}, wasm memory flat`, verdict(row.target)];
    case "size":
      return [row.label, "—", row.missing ? "not measured (`make size`)" : `${(row.pkg / 1024).toFixed(1)} KiB`, "—", "—", "—", row.target.text, verdict(row.target)];
    default:
      return [row.label, fmtRate(row.raw), fmtRate(row.pkg), fmtRate(row.sdk), fmtRatio(row.pkg_over_raw), fmtRatio(row.pkg_over_sdk), row.target?.text ?? "—", verdict(row.target)];
  }
}

const table = (head, rows) =>
  [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

export function renderMarkdown(result) {
  const m = result.machine;
  const out = [];
  out.push(`## Benchmark results${result.quick ? " (quick run: BENCH_QUICK=1)" : ""}`, "");
  out.push(table(["Scenario", "raw fetch", "this package", "pangea-node-sdk", "pkg ÷ raw", "pkg ÷ SDK", "target", "result"], result.rows.map(mainRow)));
  out.push("");
  out.push(
    `Throughput is calls/s, the median over ${result.rounds} interleaved rounds (contender order rotated each round); ` +
      "ratios are the median of the per-round ratios (each round's contenders ran back to back). " +
      "Cold start: a fresh `node` process runs a script file that imports, builds a service and makes one call; figure = ms from process start until the reply is parsed, median; the ratio columns give the median of the paired per-round differences in ms (the `node -e` form and wall time spawn → exit in the details). " +
      "Memory: RSS after `gc()`, least-squares trend from call 10,000 to the last (a snapshot every 5,000 calls), a raw-fetch process as control; wasm linear memory read from the package's own instance.",
  );
  out.push("");
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, ${m.os}; Node ${m.node}; ${m.chromium ? `Chromium ${m.chromium}` : "Chromium not run"}; ` +
    `pangea-node-sdk ${m.sdk}; pangea-authn-wasm ${m.package} (${m.git_commit}${m.git_dirty ? ", uncommitted changes in src/ or js/" : ""}), ` +
    `.wasm ${fmtInt(m.wasm_bytes)} bytes (sha256 ${m.wasm_sha256}…); ${m.date}; load average ${m.loadavg_start.join(" ")} at start, ${m.loadavg_end?.join(" ")} at end; run took ${m.duration_s} s.`);
  out.push("");

  const tp = result.rows.filter((r) => r.unit === "calls/s");
  if (tp.length) {
    out.push("### Spread (calls/s: min · p25 · p75 · max)", "");
    const spread = (s) => (s ? `${fmtInt(s.min)} · ${fmtInt(s.p25)} · ${fmtInt(s.p75)} · ${fmtInt(s.max)}` : "—");
    out.push(table(["Scenario", "calls/round", "raw fetch", "this package", "pangea-node-sdk", "SDK ÷ raw"],
      tp.map((r) => [r.label, fmtInt(r.calls_per_round), spread(r.raw), spread(r.pkg), spread(r.sdk), fmtRatio(r.sdk_over_raw)])));
    out.push("");
  }
  const cpu = tp.filter((r) => r.cpu_us_per_call);
  if (cpu.length) {
    out.push("### Client CPU time per call (Node, µs of user + system time of the calling process, median over rounds)", "");
    const us = (x) => (Number.isFinite(x) ? x.toFixed(0) : "—");
    const signed = (x) => (Number.isFinite(x) ? `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(0)}` : "—");
    out.push(table(["Scenario", "raw fetch", "this package", "pangea-node-sdk", "package − raw (paired)", "SDK − raw (paired)"],
      cpu.map((r) => { const c = r.cpu_us_per_call; return [r.label, us(c.raw), us(c.pkg), us(c.sdk), signed(c.pkg_minus_raw), signed(c.sdk_minus_raw)]; })));
    out.push("", "CPU time is much less disturbed than wall time by other processes on a shared machine; it includes undici and GC, not the server (another process).", "");
  }
  if (result.timeout_split?.length) {
    out.push("### What the timeout costs (Node; calls/s, ÷ raw fetch paired per round, client CPU µs/call over raw)", "");
    const cell = (c) => `${fmtInt(c.median)}/s · ${fmtRatio(c.over_raw)} · ${c.cpu_us_over_raw >= 0 ? "+" : "−"}${Math.abs(c.cpu_us_over_raw).toFixed(0)} µs`;
    out.push(table(["Scenario", "raw fetch", "raw fetch + AbortController and timer per call", "this package (no timeout, the default)", "this package, requestTimeout: 5000"],
      result.timeout_split.map((r) => [r.label, ...["raw", "raw-signal", "pkg", "pkg-timeout"].map((n) => cell(r.contenders[n]))])));
    out.push("", "The same four contenders interleaved in one scenario. The second column is raw fetch with exactly the package's timeout mechanism; the difference between it and raw fetch is what undici charges for a caller's AbortSignal (a WeakRef, a FinalizationRegistry entry and an abort listener per request), which the package pays when a timeout is set. The last column is the package with `requestTimeout: 5000` (the SDK's nominal value, which the SDK never enforces).", "");
  }
  const cold = result.rows.find((r) => r.id === "node-cold");
  if (cold) {
    out.push(`### Cold start (${cold.runs} runs each, medians)`, "");
    const names = ["raw", "empty", "pkg", "sdk"];
    const cells = (values, fmt) => names.map((n) => (n === "raw" && fmt !== fmtMs ? "—" : fmt(values[n], "ms")));
    const form = (f, how) => [
      [`${how}: reply parsed, ms since process start`, ...cells(f.result_ms, fmtMs)],
      ["… over bare (median of paired differences)", ...cells(f.result_over_bare_ms, fmtSigned)],
      ["… module body starts (imports done)", ...cells(f.import_ms, fmtMs)],
      ["… first call (build + request + parse)", ...cells(f.first_call_ms, fmtMs)],
      ["… process wall time (spawn → exit)", ...cells(f.wall_ms, fmtMs)],
      ["… wall time over bare (paired)", ...cells(f.wall_over_bare_ms, fmtSigned)],
    ];
    out.push(table(["", "bare node + fetch", "bare node + an empty module", "this package", "pangea-node-sdk"], [
      ...form(cold.file, "script file (`node file.mjs`; the headline)"),
      ...form(cold.eval, "`node --input-type=module -e`"),
    ]));
    out.push("", "The empty-module column is a control: bare Node that also imports an empty file. With `-e`, bare Node never loads a file, so any import first sets up Node's file loading; that cost shows in the control and is not the package's.", "");
  }
  const mem = result.rows.find((r) => r.id === "node-memory");
  if (mem) {
    const p = mem.pkg;
    const r = mem.raw;
    const tables = (t) => (t ? Object.entries(t).map(([k, v]) => `${k} ${v}`).join(", ") : "—");
    out.push(`### Memory (call ${fmtInt(p.from_calls)} → ${fmtInt(p.to_calls)})`, "");
    out.push(table(["", "this package", "raw fetch (control)"], [
      ["RSS growth, least-squares trend over the span", fmtMiB(p.rss_growth_trend), fmtMiB(r.rss_growth_trend)],
      [`RSS growth, call ${fmtInt(p.to_calls)} − call ${fmtInt(p.from_calls)}`, fmtMiB(p.rss_growth), fmtMiB(r.rss_growth)],
      [`RSS every ${fmtInt(p.block)} calls from 0 (MiB)`, p.snapshots.map((s) => (s.rss / 2 ** 20).toFixed(0)).join(" "), r.snapshots.map((s) => (s.rss / 2 ** 20).toFixed(0)).join(" ")],
      ["JS heap used, trend over the span", fmtMiB(p.heap_growth_trend), fmtMiB(r.heap_growth_trend)],
      ["wasm linear memory", `${fmtInt(p.wasm_memory_from)} → ${fmtInt(p.wasm_memory_to)} bytes`, "—"],
      ["wasm tables", `${tables(p.wasm_tables_from)} → ${tables(p.wasm_tables_to)}`, "—"],
      [`first vs last ${fmtInt(p.block)} calls`, `${fmtInt(p.first_block_calls_per_s)}/s → ${fmtInt(p.last_block_calls_per_s)}/s`, `${fmtInt(r.first_block_calls_per_s)}/s → ${fmtInt(r.last_block_calls_per_s)}/s`],
    ]));
    out.push("");
  }
  const rc = result.request_check;
  if (rc) {
    out.push(`Same request check (recorded by the server): raw fetch sends exactly what the package sends: **${rc.rawSameAsPkg ? "yes" : "NO"}**; ` +
      `the SDK sends the same but for its User-Agent: **${rc.sdkSameAsPkgButUserAgent ? "yes" : "NO"}**. ` +
      (m.browser_preflights ? `Chromium: ${fmtInt(m.browser_preflights.preflights)} CORS preflights for ${fmtInt(m.browser_preflights.requests)} requests. ` : "") +
      `Reply bodies: ${Object.entries(result.server.reply_bytes).map(([k, v]) => `${k} ${fmtInt(v)} bytes`).join(", ")}.`);
    out.push("");
  }
  return out.join("\n");
}

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A horizontal bar chart of throughput ratios to raw fetch, per scenario. */
export function renderSvg(result) {
  const rows = result.rows.filter((r) => r.unit === "calls/s");
  const series = [
    { key: "pkg_over_raw", name: "pangea-authn-wasm ÷ raw fetch", color: "#2b6cb0" },
    { key: "sdk_over_raw", name: "pangea-node-sdk ÷ raw fetch", color: "#c05621" },
  ];
  const labelW = 330;
  const plotW = 420;
  const barH = 14;
  const groupH = 2 * barH + 14;
  const top = 56;
  const height = top + rows.length * groupH + 40;
  const width = labelW + plotW + 70;
  const maxRatio = Math.max(1.2, ...rows.flatMap((r) => series.map((s) => r[s.key] ?? 0)).filter(Number.isFinite));
  const x = (v) => labelW + (v / maxRatio) * plotW;
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(`<text x="10" y="20" font-size="14" font-weight="bold">Throughput relative to raw fetch + JSON.parse (median of per-round ratios)</text>`);
  series.forEach((s, i) => {
    parts.push(`<rect x="${10 + i * 260}" y="32" width="12" height="12" fill="${s.color}"/><text x="${28 + i * 260}" y="42">${esc(s.name)}</text>`);
  });
  rows.forEach((row, i) => {
    const y = top + i * groupH;
    parts.push(`<text x="${labelW - 8}" y="${y + barH + 4}" text-anchor="end">${esc(row.label)}</text>`);
    series.forEach((s, j) => {
      const v = row[s.key];
      if (!Number.isFinite(v)) return;
      const by = y + j * barH;
      parts.push(`<rect x="${labelW}" y="${by}" width="${(x(v) - labelW).toFixed(1)}" height="${barH - 2}" fill="${s.color}"/>`);
      parts.push(`<text x="${(x(v) + 4).toFixed(1)}" y="${by + barH - 3}">${v.toFixed(2)}×</text>`);
    });
  });
  const axisBottom = top + rows.length * groupH;
  parts.push(`<line x1="${x(1)}" y1="${top - 4}" x2="${x(1)}" y2="${axisBottom}" stroke="#000" stroke-width="1"/>`);
  parts.push(`<text x="${x(1)}" y="${axisBottom + 14}" text-anchor="middle">1.0 (raw fetch)</text>`);
  parts.push(`<line x1="${x(0.9)}" y1="${top - 4}" x2="${x(0.9)}" y2="${axisBottom}" stroke="#c53030" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${x(0.9)}" y="${axisBottom + 28}" text-anchor="middle" fill="#c53030">0.90 target</text>`);
  parts.push(`<line x1="${labelW}" y1="${top - 4}" x2="${labelW}" y2="${axisBottom}" stroke="#999"/>`);
  parts.push(`</svg>`);
  return parts.join("\n") + "\n";
}
