// Progress reporting for transfers: throttled to every 64 KiB (or 100 ms), always reports the end.
import type { TransferProgress } from './host';

const STEP_BYTES = 64 * 1024;

export class ProgressMeter {
  private bytes = 0;
  private reportedAt = 0;
  private reportedTime = 0;
  readonly started = Date.now();

  constructor(
    private readonly total: number | undefined,
    private readonly onProgress: ((progress: TransferProgress) => void) | undefined,
  ) {}

  get done(): number {
    return this.bytes;
  }

  add(count: number): void {
    this.bytes += count;
    if (!this.onProgress) return;
    const now = Date.now();
    if (this.bytes - this.reportedAt >= STEP_BYTES || now - this.reportedTime >= 100) {
      this.report(now);
    }
  }

  finish(): { bytes: number; ms: number } {
    if (this.onProgress && (this.reportedAt !== this.bytes || this.reportedTime === 0)) this.report(Date.now());
    return { bytes: this.bytes, ms: Date.now() - this.started };
  }

  private report(now: number): void {
    this.reportedAt = this.bytes;
    this.reportedTime = now;
    this.onProgress?.({ bytes: this.bytes, total: this.total });
  }
}
