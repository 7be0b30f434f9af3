/**
 * The English sentences of the problems: input that could not be read. Each
 * is also the key of its translations in l10n/. Text from the input (a line's
 * preview) is an argument, never part of a template; a reason, a note or a
 * reader's account of the damage is a message of `readingTemplates.ts`.
 */
export const PROBLEM_MESSAGES = {
  problemNotPacketLine: 'not a tcpdump packet line: {line}',
  problemUnreadableSegment: 'unreadable TCP segment: {line}',
  problemUnreadableSegmentBecause: 'unreadable TCP segment ({reason}): {line}',
  problemNotTcpdumpText: 'this text does not look like tcpdump output; reading what looks like packet lines',
  problemMoreNotListed: '{count} more problems not listed',

  // A line read with assumptions: what it was read as, then the assumptions.
  problemReadAsSynAck: 'line read as a SYN-ACK: {notes}',
  problemReadAsSyn: 'line read as a SYN: {notes}',
  problemReadAsReset: 'line read as a reset: {notes}',
  problemReadAsFin: 'line read as a FIN: {notes}',
  problemReadAsData: 'line read as a data segment of {length} bytes: {notes}',
  problemReadAsPureAck: 'line read as a pure ACK: {notes}',
  problemReadAsNoFlags: 'line read as a segment with no flags: {notes}',
  problemReadAsFlags: 'line read as a segment with flags [{flags}]: {notes}',

  // Binary captures.
  problemPcapNotPcap: 'not a pcap file: unknown magic number',
  problemPcapHeaderTruncated: 'pcap file header truncated: {have} of {need} bytes',
  problemPcapRecordTruncated: 'pcap record {record} truncated: file ends after {have} of {need} bytes',
  problemPcapRecordTooLong:
    'pcap record {record}: captured length {length} exceeds the limit of {limit} bytes (corrupt record header); looking for the next record',
  problemPcapNoRecordAfterDamage: 'pcap: no readable record found after the damaged one',
  problemPcapResynchronised: 'pcap: resynchronised on a record at offset {offset} after skipping {skipped} bytes',
  problemPcapngNoSectionHeader: 'pcapng: file does not start with a section header block',
  problemPcapngNoBlockAfterDamage: 'pcapng: no readable block found after the damaged one',
  problemPcapngSectionTruncated: 'pcapng section header truncated: {have} bytes',
  problemPcapngBlockTruncated: 'pcapng block truncated: file ends after {have} of {need} bytes',
  problemPcapngResynchronised: 'pcapng: resynchronised on a block at offset {offset} after skipping {skipped} bytes',
  problemCaptureNoFrames: '{format} file with no frames: nothing follows its header',
  problemPcapngSectionVersion: 'pcapng section version {version} is not 1; reading it anyway',
  // {what}: the reader's account of the damage (`readingTemplates.ts`).
  problemPcapngUnreadable: 'pcapng: {what}',
  problemPcapngPacketCorrupt: 'pcapng packet {packet}: corrupt block ({what}); looking for the next block',
  problemPcapngBlockCorrupt: 'pcapng: corrupt block ({what}); looking for the next block',
  problemPcapngPacketDamaged: 'pcapng packet {packet}: {what}',
  problemGzipUnreadable: 'gzip stream unreadable after {bytes} decompressed bytes ({why})',
  // Frames passed over, said once per kind at the first of them; {what}: `readingTemplates.ts`.
  problemFramesLinkType: '{count} frames of link type {name} ({type}) not decoded, the first is frame {frame}',
  problemFramesLinkTypeUnknown: '{count} frames of link type {type} not decoded, the first is frame {frame}',
  problemFramesEtherType: '{count} frames of EtherType {type} not decoded, the first is frame {frame}',
  problemFramesIpProtocol: '{count} frames of IP protocol {name} ({number}) not decoded (TCP inside them cannot be read), the first is frame {frame}',
  problemFramesFragments: '{count} frames with TCP in a later IP fragment skipped (fragments are not reassembled), the first is frame {frame}',
  problemFramesEncapsulation: '{count} frames of {what} not decoded, the first is frame {frame}',
  problemFramesLinkTruncated: '{count} frames too short for their link-layer header, the first is frame {frame}',
  problemNoTcpInFrames: 'none of the {count} frames holds a TCP segment',
  problemQuietLines:
    '{count} lines of tcpdump -q output (\'tcp N\': no flags, numbers or window) read as segments of unknown flags, the first is line {line}',
  problemGreNotPrinted: '{count} frames of GRE carrying protocol {type}, which tcpdump does not print, the first is line {line}',
  problemIpHeaderTruncated: 'frame {frame}: IPv{version} header truncated ({bytes} bytes captured)',
  problemIpHeaderMalformed: 'frame {frame}: malformed IPv{version} header',
  problemTcpHeaderTruncated: 'frame {frame}: TCP header truncated ({bytes} bytes captured)',
  problemTcpHeaderMalformed: 'frame {frame}: malformed TCP header (bad data offset)',

  // TCP Lens failed ({why}: the error as the runtime words it). Input of which nothing can be read is
  // a problem saying why, in the words of `readingTemplates.ts`.
  problemInternalError: 'cannot analyse this input: internal error in TCP Lens: {why}',
  problemReadingStopped: 'reading stopped by an internal error: {why}',
  problemRenderingStopped: 'rendering stopped by an internal error: {why}',
  problemFrameNotPrintable: 'frame {frame} not printable: internal error: {why}',
} as const;
