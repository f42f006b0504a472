import type { HostMetricsSample } from '../../shared/types';

/** Cumulative CPU jiffies from the first line of /proc/stat. */
export interface CpuTimes {
  busy: number;
  total: number;
}

export interface ProcSample {
  remoteTimeSec: number | null;
  load: [number, number, number] | null;
  cpu: CpuTimes | null;
  memTotalKb: number | null;
  memAvailableKb: number | null;
}

/** Parses one probe block: `/proc/loadavg`, the `cpu` line of `/proc/stat`, MemTotal and MemAvailable. */
export function parseProcSample(lines: string[], remoteTimeSec: number | null): ProcSample {
  const sample: ProcSample = { remoteTimeSec, load: null, cpu: null, memTotalKb: null, memAvailableKb: null };
  for (const line of lines) {
    if (line.startsWith('cpu ')) {
      const fields = line.trim().split(/\s+/).slice(1).map(Number);
      if (fields.length >= 4 && fields.every(Number.isFinite)) {
        const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
        const idle = fields[3] + (fields[4] ?? 0);
        sample.cpu = { busy: total - idle, total };
      }
    } else if (line.startsWith('MemTotal:')) {
      sample.memTotalKb = Number(line.split(/\s+/)[1]);
    } else if (line.startsWith('MemAvailable:')) {
      sample.memAvailableKb = Number(line.split(/\s+/)[1]);
    } else if (/^\d+(\.\d+)? \d+(\.\d+)? \d+(\.\d+)? /.test(line)) {
      const [a, b, c] = line.split(' ').map(Number);
      sample.load = [a, b, c];
    }
  }
  return sample;
}

/** CPU busy percentage between two samples; null for the first. */
export function cpuPercent(previous: CpuTimes | null, current: CpuTimes | null): number | null {
  if (!previous || !current || current.total <= previous.total) return null;
  return Math.round((1000 * (current.busy - previous.busy)) / (current.total - previous.total)) / 10;
}

export function toMetricsSample(
  host: string,
  ts: number,
  sample: ProcSample,
  previousCpu: CpuTimes | null,
): HostMetricsSample {
  const mem =
    sample.memTotalKb && sample.memAvailableKb !== null
      ? Math.round((1000 * (sample.memTotalKb - sample.memAvailableKb)) / sample.memTotalKb) / 10
      : null;
  return {
    host,
    ts,
    load1: sample.load?.[0] ?? null,
    load5: sample.load?.[1] ?? null,
    load15: sample.load?.[2] ?? null,
    cpuPercent: cpuPercent(previousCpu, sample.cpu),
    memUsedPercent: mem,
  };
}
