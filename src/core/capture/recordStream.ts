/**
 * Feeds a record-oriented binary format in arbitrary chunks. A reader
 * implements `step`, which looks at the bytes from `pos` and either consumes
 * a whole record (or a run of bytes it rejects) or says how many bytes it
 * needs. Records are parsed in place inside the caller's chunk; only a
 * record split across two chunks is copied, into a carry-over buffer that
 * grows with bytes actually received, never with a length read from the file.
 */

/** What `step` returns when it needs more bytes: the negated total it needs, counted from `pos`. */
export function needBytes(total: number): number {
  return -total;
}

export abstract class RecordStream {
  private carry = new Uint8Array(0);
  private carryLength = 0;
  /** Absolute offset (in the whole input) of the first byte not yet consumed. */
  private offset = 0;
  /** Bytes still to drop after a step consumed more than it was shown (a block skipped unread). */
  private skipRemaining = 0;
  /** Where the record being skipped began and how long it is, for the truncation report. */
  private skipRecordOffset = 0;
  private skipRecordLength = 0;
  private stopped = false;
  private ended = false;

  /**
   * Consume one record at buf[pos, end), whose first byte is at absolute
   * `offset`. Return the number of bytes consumed (> 0; more than end - pos
   * drops the rest unread as it arrives), or needBytes(n) with n > end - pos.
   * `atEnd`: no more bytes will come; a step must then consume or give up.
   */
  protected abstract step(buf: Uint8Array, pos: number, end: number, offset: number, atEnd: boolean): number;

  /** Called once at the end when bytes (or a skip) were left unconsumed. */
  protected abstract truncated(offset: number, have: number, need: number): void;

  /** Stop reading: the rest of the input is ignored (after a problem saying why). */
  protected stop(): void {
    this.stopped = true;
    this.carryLength = 0;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Bytes received so far. */
  get bytesSeen(): number {
    return this.offset + this.carryLength;
  }

  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('push after end');
    const n = chunk.length;
    let pos = 0;
    while (!this.stopped) {
      if (this.skipRemaining > 0) {
        const s = Math.min(this.skipRemaining, n - pos);
        this.skipRemaining -= s;
        pos += s;
        if (this.skipRemaining > 0) return;
      }
      if (pos >= n) return;
      if (this.carryLength > 0) {
        const r = this.step(this.carry, 0, this.carryLength, this.offset, false);
        if (r > 0) {
          this.consumeCarry(r);
          continue;
        }
        const need = -r;
        if (need <= this.carryLength) throw new Error(`reader asked for ${need} bytes while holding ${this.carryLength}`);
        const take = Math.min(need - this.carryLength, n - pos);
        this.appendCarry(chunk, pos, pos + take);
        pos += take;
        continue;
      }
      const r = this.step(chunk, pos, n, this.offset, false);
      if (r > 0) {
        if (r > n - pos) {
          this.startSkip(r, r - (n - pos));
          this.offset += r;
          return;
        }
        pos += r;
        this.offset += r;
        continue;
      }
      if (-r <= n - pos) throw new Error(`reader asked for ${-r} bytes while holding ${n - pos}`);
      this.appendCarry(chunk, pos, n);
      return;
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    while (this.carryLength > 0 && !this.stopped) {
      const r = this.step(this.carry, 0, this.carryLength, this.offset, true);
      if (r <= 0) {
        this.truncated(this.offset, this.carryLength, -r);
        this.carryLength = 0;
        return;
      }
      this.consumeCarry(r);
    }
    if (this.skipRemaining > 0 && !this.stopped) {
      this.truncated(this.skipRecordOffset, this.skipRecordLength - this.skipRemaining, this.skipRecordLength);
      this.skipRemaining = 0;
    }
  }

  private startSkip(recordLength: number, remaining: number): void {
    this.skipRecordOffset = this.offset;
    this.skipRecordLength = recordLength;
    this.skipRemaining = remaining;
  }

  private consumeCarry(r: number): void {
    if (r >= this.carryLength) {
      if (r > this.carryLength) this.startSkip(r, r - this.carryLength);
      this.offset += r;
      this.carryLength = 0;
      return;
    }
    this.offset += r;
    this.carry.copyWithin(0, r, this.carryLength);
    this.carryLength -= r;
  }

  private appendCarry(src: Uint8Array, from: number, to: number): void {
    const need = this.carryLength + (to - from);
    if (need > this.carry.length) {
      const grown = new Uint8Array(Math.max(need, this.carry.length * 2, 256));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(src.subarray(from, to), this.carryLength);
    this.carryLength = need;
  }
}
