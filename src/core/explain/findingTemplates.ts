/**
 * English templates of the findings' sentences (`{name}` placeholders, as
 * vscode.l10n.t reads them). Numbers come formatted by `findingMessage`;
 * endpoints, host and service names are from the capture (untrusted);
 * an ICMP {reason} is one of the `icmp…` messages below.
 */
export const FINDING_MESSAGES = {
  findingSynFlood: 'SYN flood: {halfOpen} half-open connections to {target} from {sources} sources in {duration} s',
  findingPortScanOpen: 'Port scan: {source} probed {count} ports of {target}; open: {openPorts}',
  findingPortScanNoneOpen: 'Port scan: {source} probed {count} ports of {target}; none open',
  findingCloseWaitServer:
    "server {endpoint} received the peer's FIN (n={finFrame}) and never closed its side: CLOSE_WAIT for {waited} s until the capture ends",
  findingCloseWaitClient:
    "client {endpoint} received the peer's FIN (n={finFrame}) and never closed its side: CLOSE_WAIT for {waited} s until the capture ends",
  findingSynUnansweredOnce: 'SYN to {server} from {client} sent {synCount} time, never answered',
  findingSynUnanswered: 'SYN to {server} from {client} sent {synCount} times, never answered',
  findingIcmpUnreachableRefused: 'SYN to {server} from {client} answered by ICMP {reason} (n={icmpFrame}): connection refused',
  findingIcmpUnreachable: 'SYN to {server} from {client} answered by ICMP {reason} (n={icmpFrame})',
  findingResetIgnored:
    'RST at n={resetFrame} does not carry the sequence number its receiver expects: ignored (RFC 5961), the connection went on',
  findingResetRefused: 'Connection refused: {server} answered the SYN from {client} with RST',
  findingResetByClient: 'Client {endpoint} reset the connection (n={resetFrame}) after {bytesC2s} bytes client to server and {bytesS2c} bytes back',
  findingResetByServer: 'Server {endpoint} reset the connection (n={resetFrame}) after {bytesC2s} bytes client to server and {bytesS2c} bytes back',

  // Why a destination is unreachable: tcpdump's words for the ICMP (v4) and ICMPv6 codes (`icmpReasonMessage`).
  icmpNetUnreachable: 'net unreachable',
  icmpHostUnreachable: 'host unreachable',
  icmpProtocolUnreachable: 'protocol unreachable',
  icmpPortUnreachable: 'port unreachable',
  icmpNeedToFrag: 'need to frag',
  icmpSourceRouteFailed: 'source route failed',
  icmpNetUnknown: 'net unknown',
  icmpHostUnknown: 'host unknown',
  icmpSourceHostIsolated: 'source host isolated',
  icmpAdminProhibited: 'admin prohibited',
  icmpTosProhibited: 'tos prohibited',
  icmpAdminProhibitedFilter: 'admin prohibited filter',
  icmpHostPrecedenceViolation: 'host precedence violation',
  icmpPrecedenceCutoff: 'precedence cutoff',
  icmpCode: '#{code}',
  icmp6UnreachableRoute: 'unreachable route',
  icmp6UnreachableProhibited: 'unreachable prohibited',
  icmp6BeyondScope: 'beyond scope',
  icmp6UnreachableAddress: 'unreachable address',
  icmp6UnreachablePort: 'unreachable port',
  icmp6UnknownCode: 'unknown unreach code ({code})',
} as const;
