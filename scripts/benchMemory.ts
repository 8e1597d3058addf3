import { readFileSync } from 'node:fs';

/** This process's peak resident memory so far, in MB. */
export const peakMB = (): number => process.resourceUsage().maxRSS / 1024;

/** A process's peak resident memory so far (Linux: VmHWM), or null where /proc is not there. */
export function processPeakMB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
