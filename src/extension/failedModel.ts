import { CAPTURE_MODEL_VERSION, type CaptureModel, type FrameLines, type PacketColumns } from '../core/model/captureModel';
import { FRAME_LINE_TYPES, PACKET_COLUMN_TYPES } from '../protocol';

function emptyColumns<T>(types: { readonly [K in keyof T]: new (length: number) => T[K] }): T {
  const columns = {} as { [K in keyof T]: T[K] };
  for (const name of Object.keys(types) as (keyof T)[]) columns[name] = new types[name](0);
  return columns;
}

/**
 * The model of a document whose analysis failed (the worker crashed or answered something malformed):
 * no packets, and the failure in `internalError` and as a problem, as the core records its own defects.
 */
export function failedModel(fileName: string, reason: string): CaptureModel {
  const message = `cannot analyse this input: internal error in TCP Lens: ${reason}`;
  return {
    modelVersion: CAPTURE_MODEL_VERSION,
    fileName,
    format: 'tcpdump-text',
    gzip: false,
    frameCount: 0,
    packetCount: 0,
    packets: emptyColumns<PacketColumns>(PACKET_COLUMN_TYPES),
    frameLines: emptyColumns<FrameLines>(FRAME_LINE_TYPES),
    addresses: [],
    portNames: [],
    connections: [],
    connectionPackets: { start: new Uint32Array(1), index: new Uint32Array(0) },
    findings: [],
    problems: [{ line: null, offset: null, message }],
    unreadable: message,
    internalError: reason,
  };
}
