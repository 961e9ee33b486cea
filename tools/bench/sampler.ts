/**
 * Peak RSS and CPU time of the bench's processes, per phase, from /proc (Linux only; elsewhere the
 * figures stay empty). A "process" may be a group of pids (the PostgreSQL backends of the bench
 * database, summed: their set is asked for at each sample).
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

export interface PhaseFigures {
  /** Peak resident set size in MB (for a group: the peak of the sum). */
  peakRssMb: Record<string, number>;
  /** CPU seconds (user + system) used during the phase. */
  cpuSeconds: Record<string, number>;
}

/** utime + stime in ticks and VmRSS (or RssAnon, private memory) in kB of one pid, or undefined when it is gone or unreadable. */
function readProc(pid: number, privateOnly: boolean): { ticks: number; rssKb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number((privateOnly ? /RssAnon:\s+(\d+)/ : /VmRSS:\s+(\d+)/).exec(status)?.[1] ?? 0);
    return { ticks, rssKb };
  } catch {
    return undefined;
  }
}

export class Sampler {
  private readonly phases = new Map<string, PhaseFigures>();
  private current?: string;
  /** Last ticks seen per pid (per process name), so a phase's CPU is the sum of the increments. */
  private readonly lastTicks = new Map<string, Map<number, number>>();
  private timer?: NodeJS.Timeout;
  private sampling = false;

  /** `pids()` is asked at every sample: processes may come and go. Groups matching `privateOnly` count RssAnon only. */
  constructor(
    private readonly pids: () => Promise<Record<string, number[]>>,
    private readonly privateOnly: RegExp = /^postgres/,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Closes the running phase (with one last sample) and opens `name`. */
  async phase(name: string | undefined): Promise<void> {
    await this.sample();
    this.current = name;
    if (name && !this.phases.has(name)) this.phases.set(name, { peakRssMb: {}, cpuSeconds: {} });
  }

  async stop(): Promise<Record<string, PhaseFigures>> {
    await this.phase(undefined);
    clearInterval(this.timer);
    return Object.fromEntries(this.phases);
  }

  private async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const groups = await this.pids().catch(() => ({}));
      const figures = this.current ? this.phases.get(this.current) : undefined;
      for (const [name, pids] of Object.entries(groups)) {
        const last = this.lastTicks.get(name) ?? new Map<number, number>();
        let rssKb = 0;
        let ticks = 0;
        const seen = new Map<number, number>();
        for (const pid of pids) {
          const proc = readProc(pid, this.privateOnly.test(name));
          if (!proc) continue;
          rssKb += proc.rssKb;
          // A pid first seen now: its past CPU belongs to no phase we know of, unless it is new since the last sample.
          const before = last.get(pid) ?? (last.size ? 0 : proc.ticks);
          ticks += Math.max(0, proc.ticks - before);
          seen.set(pid, proc.ticks);
        }
        this.lastTicks.set(name, seen);
        if (!figures) continue;
        figures.peakRssMb[name] = Math.max(figures.peakRssMb[name] ?? 0, Math.round(rssKb / 1024));
        figures.cpuSeconds[name] = (figures.cpuSeconds[name] ?? 0) + ticks / TICKS_PER_SECOND;
      }
    } finally {
      this.sampling = false;
    }
  }
}
