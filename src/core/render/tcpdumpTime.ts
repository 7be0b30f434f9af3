/** tcpdump -tttt timestamps: `2026-11-22 02:55:17.113839`, in UTC, microseconds truncated as libpcap does. */

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Civil date of a day count since 1970-01-01 (Howard Hinnant's days_from_civil inverse). */
function civilDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export class TcpdumpDateTime {
  private cachedDay = NaN;
  private cachedDate = '';

  format(seconds: number, nanos: number): string {
    const day = Math.floor(seconds / 86400);
    if (day !== this.cachedDay) {
      this.cachedDay = day;
      this.cachedDate = civilDate(day);
    }
    const inDay = seconds - day * 86400;
    const hours = Math.floor(inDay / 3600);
    const minutes = Math.floor((inDay % 3600) / 60);
    const secs = inDay % 60;
    const micros = Math.floor(nanos / 1000);
    return `${this.cachedDate} ${pad2(hours)}:${pad2(minutes)}:${pad2(secs)}.${String(micros).padStart(6, '0')}`;
  }
}
