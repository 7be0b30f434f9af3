/**
 * What tcpdump 4.99 prints after `length N` for a few application
 * protocols in non-verbose mode: HTTP's first line (ports 80, 8080), the
 * SSH version string (22) and telnet commands (23). Other protocols print
 * nothing here (tcpdump decodes more; the text view needs only the TCP part).
 */

const HTTP_METHODS = new Set([
  'GET', 'PUT', 'COPY', 'HEAD', 'LOCK', 'MOVE', 'POLL', 'POST', 'BCOPY', 'BMOVE', 'MKCOL', 'TRACE', 'LABEL', 'MERGE',
  'DELETE', 'SEARCH', 'UNLOCK', 'REPORT', 'UPDATE', 'NOTIFY', 'BDELETE', 'CONNECT', 'OPTIONS', 'CHECKIN', 'PROPFIND',
  'CHECKOUT', 'CCM_POST', 'SUBSCRIBE', 'PROPPATCH', 'BPROPFIND', 'BPROPPATCH', 'UNCHECKOUT', 'MKACTIVITY',
  'MKWORKSPACE', 'UNSUBSCRIBE', 'RPC_CONNECT', 'VERSION-CONTROL', 'BASELINE-CONTROL',
]);

const MAX_TOKEN = 128;

function isPrint(c: number): boolean {
  return c >= 0x20 && c <= 0x7e;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** tcpdump's fetch_token: a token and the index after the blanks that follow it, or null. */
function fetchToken(data: Uint8Array, start: number, end: number, from: number): { token: string; next: number } | null {
  let idx = from;
  let token = '';
  for (; idx < end; idx++) {
    const c = data[start + idx];
    if (c >= 0x80) return null;
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) break;
    if (!isPrint(c)) return null;
    if (token.length + 2 > MAX_TOKEN + 1) return null;
    token += String.fromCharCode(c);
  }
  if (token.length === 0) return null;
  for (; idx < end; idx++) {
    const c = data[start + idx];
    if (c === 0x0d || c === 0x0a || !isPrint(c)) break;
    if (c !== 0x20 && c !== 0x09) break;
  }
  return { token, next: idx };
}

/** tcpdump's print_txt_line without -v: the first line if it is all printable text. */
function firstTextLine(data: Uint8Array, start: number, capturedEnd: number, length: number): string {
  let idx = 0;
  while (idx < length) {
    if (start + idx >= capturedEnd) return ' [|http]';
    const c = data[start + idx];
    if (c === 0x0a) break;
    if (c === 0x0d) {
      if (idx + 1 >= length) return '';
      if (start + idx + 1 >= capturedEnd) return ' [|http]';
      if (data[start + idx + 1] === 0x0a) break;
      return '';
    }
    if (!isPrint(c) && c !== 0x09) return '';
    idx++;
  }
  let text = ': ';
  for (let i = 0; i < idx; i++) text += String.fromCharCode(data[start + i]);
  return text;
}

function printHttp(data: Uint8Array, start: number, capturedEnd: number, length: number): string {
  const available = Math.min(length, capturedEnd - start);
  let printLine = false;
  const first = fetchToken(data, start, available, 0);
  if (first !== null) {
    if (HTTP_METHODS.has(first.token.toUpperCase())) printLine = true;
    const second = fetchToken(data, start, available, first.next);
    if (second !== null) {
      const t = second.token;
      if (t.length === 3 && isDigit(t.charCodeAt(0)) && isDigit(t.charCodeAt(1)) && isDigit(t.charCodeAt(2))) printLine = true;
    }
  }
  return ': HTTP' + (printLine ? firstTextLine(data, start, capturedEnd, length) : '');
}

function printSsh(data: Uint8Array, start: number, capturedEnd: number, length: number): string {
  const end = Math.min(start + length, capturedEnd);
  if (end - start < 4 || data[start] !== 0x53 || data[start + 1] !== 0x53 || data[start + 2] !== 0x48 || data[start + 3] !== 0x2d) return '';
  let idx = start;
  while (idx < end && data[idx] !== 0x0a) idx++;
  if (idx >= end) return '';
  const lineEnd = data[idx - 1] === 0x0d ? idx - 1 : idx;
  let text = ': ';
  for (let i = start; i < lineEnd; i++) text += String.fromCharCode(data[i]);
  return text;
}

const TELNET_COMMANDS = ['EOF', 'SUSP', 'ABORT', 'EOR', 'SE', 'NOP', 'DMARK', 'BRK', 'IP', 'AO', 'AYT', 'EC', 'EL', 'GA', 'SB', 'WILL', 'WONT', 'DO', 'DONT', 'IAC'];
const TELNET_OPTIONS = [
  'BINARY', 'ECHO', 'RCP', 'SUPPRESS GO AHEAD', 'NAME', 'STATUS', 'TIMING MARK', 'RCTE', 'NAOL', 'NAOP', 'NAOCRD',
  'NAOHTS', 'NAOHTD', 'NAOFFD', 'NAOVTS', 'NAOVTD', 'NAOLFD', 'EXTEND ASCII', 'LOGOUT', 'BYTE MACRO',
  'DATA ENTRY TERMINAL', 'SUPDUP', 'SUPDUP OUTPUT', 'SEND LOCATION', 'TERMINAL TYPE', 'END OF RECORD', 'TACACS UID',
  'OUTPUT MARKING', 'TTYLOC', '3270 REGIME', 'X.3 PAD', 'NAWS', 'TSPEED', 'LFLOW', 'LINEMODE', 'XDISPLOC',
  'OLD-ENVIRON', 'AUTHENTICATION', 'ENCRYPT', 'NEW-ENVIRON',
];
const IAC = 255;
const SB = 250;
const SE = 240;

/** Telnet commands at the start of the payload: ` [telnet IP, DO TIMING MARK]`. */
function printTelnet(data: Uint8Array, start: number, capturedEnd: number, length: number): string {
  const end = Math.min(start + length, capturedEnd);
  let at = start;
  let text = '';
  while (at + 1 < end && data[at] === IAC) {
    const command = data[at + 1];
    if (command < 236) break;
    let next = at + 2;
    let item = TELNET_COMMANDS[command - 236];
    if (command >= SB && command <= 254 && command !== IAC) {
      if (next >= end) break;
      const option = data[next++];
      item += option < TELNET_OPTIONS.length ? ` ${TELNET_OPTIONS[option]}` : ` 0x${option.toString(16)}`;
      if (command === SB) {
        while (next + 1 < end && !(data[next] === IAC && data[next + 1] === SE)) next++;
        if (next + 1 >= end) break;
        next += 2;
        item += ' SE';
      }
    }
    text += (text === '' ? ' [telnet ' : ', ') + item;
    at = next;
  }
  return text === '' ? '' : text + ']';
}

/**
 * The text after `length N` for a payload at data[start, capturedEnd) of
 * `length` bytes on the wire.
 */
export function printApplication(data: Uint8Array, start: number, capturedEnd: number, length: number, sport: number, dport: number): string {
  const either = (port: number) => sport === port || dport === port;
  if (either(23)) return printTelnet(data, start, capturedEnd, length);
  if (either(22)) return printSsh(data, start, capturedEnd, length);
  if (either(80) || either(8080)) return printHttp(data, start, capturedEnd, length);
  return '';
}
