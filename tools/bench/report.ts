/** The bench's Markdown report, with the seed analysis's targets marked ✓ or ✗ beside the figures. */
import type { PhaseFigures } from './sampler';

export interface Measure {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

export interface ReadRow {
  name: string;
  path: string;
  as?: string;
  fixed: Measure;
  saturation: Measure;
  baseline: Measure;
  target?: { fixedP50?: number; fixedP99?: number; ratio?: number };
}

export interface WriteRow {
  name: string;
  path: string;
  as: string;
  measure: Measure;
}

/** The measures' settings (`npm run bench`'s flags), as a result records them. */
export interface BenchOptions {
  scale: number;
  seconds: number;
  rate: number;
  connections: number;
  wide: number;
  writeConnections: number;
  writeSeconds: number;
}

export interface BenchResult {
  started_at: string;
  options: BenchOptions & { database: string };
  dataset: { size: { jobs: number; candidates: number; companies: number }; reused: boolean; seconds: number };
  machine: { cpus: number; node: string; loadavg_start: number[]; loadavg_end: number[] };
  reads: ReadRow[];
  wide?: Measure & { connections: number };
  writes: WriteRow[];
  notification_lag_ms?: { p50: number; p99: number; count: number; missing: number };
  phases: Record<string, PhaseFigures>;
}

const RSS_LIMIT_MB = 250;
const APPLY_RATE = 300;
const LAG_P99_MS = 500;

const mark = (ok: boolean) => (ok ? '✓' : '✗');
/** A latency of a measure with no completed request is no figure. */
const ms = (m: Measure, p: 'p50' | 'p99') => (m.total === 0 ? '–' : String(m[p]));
const n0 = (x: number) => x.toFixed(0);

function readTarget(r: ReadRow): string {
  const t = r.target;
  if (!t) return '';
  if (r.fixed.total === 0) return 'no answer at the fixed rate ✗';
  const parts: string[] = [];
  if (t.fixedP50 !== undefined) parts.push(`p50<${t.fixedP50} ${mark(r.fixed.p50 < t.fixedP50)}`);
  if (t.fixedP99 !== undefined) parts.push(`p99<${t.fixedP99} ${mark(r.fixed.p99 < t.fixedP99)}`);
  if (t.ratio !== undefined) parts.push(`≥${t.ratio}× ${mark(ratio(r) >= t.ratio)}`);
  return parts.join(', ');
}

function ratio(r: ReadRow): number {
  return r.baseline.rps > 0 ? r.saturation.rps / r.baseline.rps : 0;
}

export function markdownReport(result: BenchResult): string {
  const o = result.options;
  const out: string[] = [];
  out.push(`# IntoWork bench ${result.started_at}`);
  out.push('');
  out.push(
    `Scale ${o.scale} (${result.dataset.size.jobs} jobs, ${result.dataset.size.candidates} candidates, database ${o.database}, ` +
      `${result.dataset.reused ? 'reused' : `built in ${result.dataset.seconds.toFixed(0)} s`}); ${o.seconds} s per measure; ` +
      `fixed rate ${o.rate} req/s; saturation ${o.connections} connections; ${result.machine.cpus} CPUs, Node ${result.machine.node}. ` +
      'Everything (load generator, five processes, NATS, PostgreSQL, baseline) on this one machine, ' +
      `whose load average (1, 5, 15 min) was ${result.machine.loadavg_start.join(', ')} at the start and ${result.machine.loadavg_end.join(', ')} at the end.`,
  );
  out.push('');
  if (result.reads.length || result.wide)
    out.push(
      `| scenario | fixed ${o.rate}/s p50 ms | p99 ms | saturation req/s | p50 ms | p99 ms | errors+non2xx | baseline req/s | × baseline | seed target |`,
    );
  if (result.reads.length || result.wide) out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of result.reads) {
    const bad = r.fixed.errors + r.fixed.non2xx + r.saturation.errors + r.saturation.non2xx;
    out.push(
      `| ${r.name}${r.as ? ` (${r.as})` : ''} | ${ms(r.fixed, 'p50')} | ${ms(r.fixed, 'p99')} | ${n0(r.saturation.rps)} | ${ms(r.saturation, 'p50')} | ${ms(r.saturation, 'p99')} | ` +
        `${bad} | ${n0(r.baseline.rps)} | ${ratio(r).toFixed(2)} | ${readTarget(r)} |`,
    );
  }
  if (result.wide) {
    const w = result.wide;
    const bad = w.errors + w.non2xx;
    out.push(
      `| jobs: list, ${w.connections} connections | | | ${n0(w.rps)} | ${ms(w, 'p50')} | ${ms(w, 'p99')} | ${bad} | | | no errors ${mark(bad === 0 && w.total > 0)} |`,
    );
  }
  if (result.writes.length) {
    out.push('');
    out.push(`Writes, ${o.writeConnections} concurrent clients, ${o.writeSeconds} s each:`);
    out.push('');
    out.push('| scenario | req/s | p50 ms | p99 ms | requests | non-2xx | errors | seed target |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const w of result.writes) {
      const m = w.measure;
      const target = w.name === 'write: apply' ? `≥${APPLY_RATE}/s ${mark(m.rps >= APPLY_RATE && m.non2xx === 0)}` : '';
      out.push(
        `| ${w.name} \`${w.path}\` | ${n0(m.rps)} | ${ms(m, 'p50')} | ${ms(m, 'p99')} | ${m.total} | ${m.non2xx} | ${m.errors} | ${target} |`,
      );
    }
  }
  const lag = result.notification_lag_ms;
  if (lag) {
    out.push('');
    out.push(
      `Apply → notification lag (notifications.created_at − applied_at, ${lag.count} applications${lag.missing ? `, ${lag.missing} without a notification after 30 s` : ''}): ` +
        `p50 ${lag.p50} ms, p99 ${lag.p99} ms — target p99<${LAG_P99_MS} ms ${mark(lag.count > 0 && lag.p99 < LAG_P99_MS && lag.missing === 0)}`,
    );
  }
  const phases = Object.keys(result.phases);
  const processes = [...new Set(phases.flatMap((p) => Object.keys(result.phases[p].peakRssMb)))];
  if (processes.length) {
    out.push('');
    out.push(
      `Peak RSS MB / CPU seconds per process and phase (target: every process <${RSS_LIMIT_MB} MB). ` +
        'The PostgreSQL backends of the bench database are summed, private memory only (RssAnon: shared buffers would be counted once per backend).',
    );
    out.push('');
    out.push(`| process | ${phases.join(' | ')} | peak MB |`);
    out.push(`|---|${phases.map(() => '---:').join('|')}|---|`);
    for (const p of processes) {
      const cells = phases.map((ph) => {
        const f = result.phases[ph];
        return f.peakRssMb[p] === undefined ? '' : `${f.peakRssMb[p]} / ${(f.cpuSeconds[p] ?? 0).toFixed(1)}`;
      });
      const peak = Math.max(...phases.map((ph) => result.phases[ph].peakRssMb[p] ?? 0));
      // A group (the PostgreSQL backends) is many processes: its sum is shown, not judged.
      const judged = !p.startsWith('postgres') && !p.startsWith('bench') && p !== 'baseline';
      out.push(`| ${p} | ${cells.join(' | ')} | ${peak}${judged ? ` ${mark(peak < RSS_LIMIT_MB)}` : ''} |`);
    }
  }
  out.push('');
  return out.join('\n');
}

/** The README's block that holds the latest full run at the seed's scale (`npm run bench` writes it). */
export const README_BEGIN = '<!-- bench:begin (written by `npm run bench`: its latest full run at scale 1) -->';
export const README_END = '<!-- bench:end -->';

/** `readme` with its bench block replaced by this run's report (its title becomes a line naming the run's file). */
export function withLatestRun(readme: string, report: string, file: string): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin === -1 || end < begin) throw new Error(`README.md has no ${README_BEGIN} … ${README_END} block`);
  const [title, ...rest] = report.trim().split('\n');
  const heading = `Latest full run: \`${file}\` (${title.replace(/^# IntoWork bench /, '')}).`;
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${heading}\n${rest.join('\n')}\n${readme.slice(end)}`;
}
