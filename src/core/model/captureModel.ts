/**
 * The model every view reads: a versioned, plain-data snapshot of one
 * analysed capture. Per-packet facts are typed-array columns trimmed to
 * `packetCount`; connections and findings are plain readonly records; names
 * are `string[]`. No classes and no methods, so it crosses `postMessage`
 * (worker → extension host → webview) with its buffers transferred, and
 * every view asks it the same questions through the pure queries in
 * `core/query/`.
 */
import type { InputFormat } from '../decoded';
import type { Problem } from '../problems';
import type { Close, Handshake } from './vocabulary';

/** Bumped whenever the shape below changes; a receiver rejects a model of another version. */
export const CAPTURE_MODEL_VERSION = 1;

/** RFC 793 state names (plus UNKNOWN), as the JSON contract spells them; the columns hold `TcpState` numbers. */
export type TcpStateName =
  | 'CLOSED'
  | 'LISTEN'
  | 'SYN_SENT'
  | 'SYN_RECEIVED'
  | 'ESTABLISHED'
  | 'FIN_WAIT_1'
  | 'FIN_WAIT_2'
  | 'CLOSE_WAIT'
  | 'CLOSING'
  | 'LAST_ACK'
  | 'TIME_WAIT'
  | 'UNKNOWN';

export type Role = 'client' | 'server';
export type DirectionName = 'c2s' | 's2c';

/** Per-packet bits of `PacketColumns.marks`. */
export const enum PacketMark {
  /** The input showed the sequence number (text output omits it on pure ACKs). */
  SEQ_SHOWN = 0x01,
  /** The input did not show it and the model inferred the one in `seqRaw`/`seq`. */
  SEQ_INFERRED = 0x02,
  /** The input showed the acknowledgement number. */
  ACK_SHOWN = 0x04,
  /** An RST its receiver ignores (RFC 5961: not at the sequence number it expects). */
  RESET_IGNORED = 0x08,
}

/**
 * One row per TCP segment, in capture order; every array has exactly
 * `packetCount` elements. Index `i` is "packet i" everywhere in the model.
 * Columns that hold the same numbers are one array (a binary capture's
 * `frame` and `line`, and its `frameLines` when every frame is a TCP
 * segment): the columns are read, never written.
 */
export interface PacketColumns {
  /** Frame number `n`, 1-based, counting every frame of the input. Ascending. */
  readonly frame: Uint32Array;
  /** 1-based line where the packet starts (binary input: its line in the text view). */
  readonly line: Uint32Array;
  readonly time: Float64Array;
  /** Indexes into `CaptureModel.addresses`. */
  readonly src: Uint32Array;
  readonly dst: Uint32Array;
  /** Port numbers; a port the input named without a number is 65536 + its index in `CaptureModel.portNames`. */
  readonly sport: Uint32Array;
  readonly dport: Uint32Array;
  /** TCP flag bits (`TcpFlag`). */
  readonly flags: Uint8Array;
  /** Absolute numbers as the input showed them (or as inferred: see `marks`). */
  readonly seqRaw: Uint32Array;
  readonly ackRaw: Uint32Array;
  /** Relative numbers (0 = the direction's ISN); `ack` is 0 without the ACK flag. */
  readonly seq: Uint32Array;
  readonly ack: Uint32Array;
  /** `PacketMark` bits. */
  readonly marks: Uint8Array;
  readonly len: Uint32Array;
  /** Window field as in the header (not scaled); the shift is on the connection. */
  readonly win: Uint32Array;
  /** `TcpOption` bits, and the options' values. */
  readonly options: Uint8Array;
  readonly mss: Uint16Array;
  readonly wscale: Uint8Array;
  readonly tsVal: Uint32Array;
  readonly tsEcr: Uint32Array;
  /** SACK blocks: packet i has `sackCount[i]` blocks at pairs `sackStart[i]`… of `sackEdges` (raw left, right). */
  readonly sackStart: Uint32Array;
  readonly sackCount: Uint8Array;
  readonly sackEdges: Uint32Array;
  /** Connection index. */
  readonly conn: Int32Array;
  /** 0 client → server, 1 server → client. */
  readonly dir: Uint8Array;
  /** `TcpState` of the sender and of the receiver right after this packet. */
  readonly srcState: Uint8Array;
  readonly dstState: Uint8Array;
  /** `TcpEvent` bits. */
  readonly events: Uint16Array;
}

/**
 * Where each frame (TCP or not) sits in the text: frame k (1-based) spans
 * lines `frameFirstLine[k-1]` … `frameLastLine[k-1]`, continuation lines
 * (-v, -x, -X, -A) included. A line outside every span belongs to no frame.
 */
export interface FrameLines {
  readonly frameFirstLine: Uint32Array;
  readonly frameLastLine: Uint32Array;
  /** Binary input: where frame k's record starts in the (decompressed) file, `frameOffset[k-1]`, ascending; NaN for text input. */
  readonly frameOffset: Float64Array;
}

export interface Endpoint {
  /** Index into `CaptureModel.addresses`. */
  readonly address: number;
  readonly ip: string;
  /** The port number, or null where the input named a service without its number. */
  readonly port: number | null;
  /** The service name the input printed instead of the number, when it did. */
  readonly portName?: string;
}

export interface ConnectionRecord {
  readonly id: number;
  readonly client: Endpoint;
  readonly server: Endpoint;
  /** Packet indexes of the first and last packet. */
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly firstN: number;
  readonly lastN: number;
  readonly packets: number;
  readonly bytes: { readonly c2s: number; readonly s2c: number };
  readonly start: number;
  readonly end: number;
  readonly handshake: Handshake;
  readonly close: Close;
  readonly finalState: { readonly client: TcpStateName; readonly server: TcpStateName };
  /** Wireshark's tcp.completeness bits. */
  readonly completeness: number;
  /** Initial RTT in seconds (tcp.analysis.initial_rtt), null when not seen. */
  readonly rtt: number | null;
  /** Raw numbers each direction's relative numbers count from (the ISN, or seq − 1 when no SYN was seen). */
  readonly base: { readonly c2s: number; readonly s2c: number };
  /** Whether each direction's SYN was seen (so `base` is its ISN). */
  readonly synSeen: { readonly c2s: boolean; readonly s2c: boolean };
  /** Window scale shift in effect each way: -1 unknown (handshake not seen), 0 none. */
  readonly windowShift: { readonly c2s: number; readonly s2c: number };
  /** Packet index of each direction's first FIN, -1 if none. */
  readonly firstFinIndex: { readonly c2s: number; readonly s2c: number };
  /** Packet index of the first accepted RST and of the first ignored one, -1 if none. */
  readonly firstResetIndex: number;
  readonly firstIgnoredResetIndex: number;
  /** Who closed first: the side whose FIN came first ('both' when the FINs crossed), null when nobody sent one. */
  readonly activeCloser: Role | 'both' | null;
  /** Zeek's conn.log `conn_state` (S0, S1, SF, REJ, S2, S3, RSTO, RSTR, RSTOS0, RSTRH, SH, SHR, OTH). */
  readonly zeekState: ZeekConnState;
  /** Zeek's conn.log `history` letters (upper case: client, lower case: server). */
  readonly zeekHistory: string;
  /** Both endpoints' states before the first packet (CLOSED, SYN_SENT where the capture starts at the SYN+ACK, or UNKNOWN). */
  readonly initialState: { readonly client: TcpStateName; readonly server: TcpStateName };
  /** ICMP destination-unreachable messages about this connection. */
  readonly icmpErrors: readonly IcmpErrorRecord[];
}

export type ZeekConnState = 'S0' | 'S1' | 'SF' | 'REJ' | 'S2' | 'S3' | 'RSTO' | 'RSTR' | 'RSTOS0' | 'RSTRH' | 'SH' | 'SHR' | 'OTH';

export interface IcmpErrorRecord {
  readonly frame: number;
  readonly line: number;
  readonly time: number;
  /** e.g. "port unreachable", "host unreachable", "admin prohibited". */
  readonly reason: string;
  /** RFC 1122 hard error (aborts a connection being opened). */
  readonly hard: boolean;
  /** The endpoint that sent the segment the message quotes: the one it is reported to. */
  readonly role: Role;
}

export type Severity = 'info' | 'warning' | 'error';

interface FindingBase {
  readonly severity: Severity;
  /** Frame numbers (`n`) of the packets that show it (capped lists; counts in the fields stay exact). */
  readonly packets: readonly number[];
  /** Connection ids involved. */
  readonly connections: readonly number[];
}

/** Capture-wide patterns. The sentences are made by the presenters (`core/explain/`), never stored here. */
export type Finding =
  | (FindingBase & {
      readonly kind: 'syn-flood';
      /** The server as "address:port". */
      readonly target: string;
      readonly halfOpen: number;
      readonly sources: number;
      /** Seconds from the first to the last half-open connection. */
      readonly duration: number;
    })
  | (FindingBase & {
      readonly kind: 'port-scan';
      readonly source: string;
      readonly target: string;
      /** The port numbers probed, ascending (a service printed without its number has none and is not listed). */
      readonly ports: readonly number[];
      readonly openPorts: readonly number[];
    })
  | (FindingBase & {
      readonly kind: 'close-wait';
      /** The side that received the FIN and never closed, as "address:port". */
      readonly endpoint: string;
      readonly role: Role;
      /** Frame of the peer's FIN. */
      readonly finFrame: number;
      /** Seconds from that FIN to the end of the capture. */
      readonly waited: number;
    })
  | (FindingBase & {
      readonly kind: 'syn-unanswered';
      readonly client: string;
      readonly server: string;
      readonly synCount: number;
    })
  | (FindingBase & {
      readonly kind: 'icmp-unreachable';
      readonly client: string;
      readonly server: string;
      readonly reason: string;
      readonly hard: boolean;
      readonly icmpFrame: number;
    })
  | (FindingBase & {
      readonly kind: 'reset';
      /** The side that sent the reset. */
      readonly by: Role;
      readonly endpoint: string;
      readonly peer: string;
      readonly resetFrame: number;
      /** A SYN answered by RST. */
      readonly refused: boolean;
      /** The receiver ignored it (RFC 5961) and the connection went on. */
      readonly ignored: boolean;
      readonly bytesC2s: number;
      readonly bytesS2c: number;
    });

export type FindingKind = Finding['kind'];

export interface CaptureModel {
  readonly modelVersion: typeof CAPTURE_MODEL_VERSION;
  readonly fileName: string;
  readonly format: InputFormat;
  readonly gzip: boolean;
  /** Every frame or packet line of the input, TCP or not. */
  readonly frameCount: number;
  readonly packetCount: number;
  readonly packets: PacketColumns;
  readonly frameLines: FrameLines;
  /** Address texts (or host names from text without -n), indexed by the `src`/`dst` columns. */
  readonly addresses: readonly string[];
  /** Service names printed without a number; port 65536 + k is `portNames[k]`. */
  readonly portNames: readonly string[];
  readonly connections: readonly ConnectionRecord[];
  /**
   * Each connection's packets in capture order: those of connection c are
   * `index[start[c]]` … `index[start[c + 1] - 1]` (packet indexes).
   */
  readonly connectionPackets: { readonly start: Uint32Array; readonly index: Uint32Array };
  readonly findings: readonly Finding[];
  readonly problems: readonly Problem[];
  /** Set when nothing of the input could be read: a one-line reason. */
  readonly unreadable?: string;
  /**
   * Set when an exception escaped the analysis (a defect in TCP Lens, never
   * the input's fault): the entry points turn it into a problem instead of
   * throwing, and tests assert that it never appears.
   */
  readonly internalError?: string;
}
