/**
 * The English words the readers give inside a problem: what was assumed to
 * read a pasted line (`{notes}`), why a line of TCP cannot be read
 * (`{reason}`), what is damaged in a pcapng block (`{what}`), why a gzip
 * stream stops (`{why}`), and why nothing of an input can be read (a problem
 * of its own). Each is also the key of its translations in l10n/. Text from
 * the input is an argument, quoted by the reader.
 */
export const READING_MESSAGES = {
  // Between the notes of one line (and the items of any other list of messages).
  listSeparator: '; ',

  // An encapsulation whose payload is not opened (`problemFramesEncapsulation`'s {what}).
  readingGreProtocol: 'GRE carrying protocol {type}',
  readingGreVersion: 'GRE version {version}',
  readingMplsPayload: 'MPLS carrying something other than IP',
  readingPppProtocol: 'PPPoE carrying PPP protocol {type}',
  readingGeneveProtocol: 'Geneve carrying protocol {type}',
  readingErspanVersion: 'ERSPAN version {version}',
  readingEncapsulationTruncated: 'an encapsulation cut short by the snap length',

  // What was assumed to read a pasted line.
  noteHtmlEntities: 'read the HTML entities {entities} as the characters they stand for',
  noteNonBreakingSpaces: 'read non-breaking spaces as spaces',
  noteIgnoredAtStart: 'ignored {text} at the start of the line',
  noteIgnoredAtEnd: 'ignored {text} at the end of the line',
  notePacketNumber: "read {number} at the start as the packet's number",
  notePacketNumberAndTime: "read {number} as the packet's number and {time} as seconds since the first packet (as TCP/IP Illustrated prints them)",
  noteIgnoredBeforeEndpoints: 'ignored {text} before the endpoints',
  noteColonEndpoints: 'read the endpoints written as address:port',
  noteNoColonAfterDestination: 'read the fields after the destination, which has no colon after it',
  noteNoFlags: 'no flags were given',
  noteFlagWords: 'read the flags {words} as [{flags}]',
  noteAckFlagSet: 'set the ACK flag, as an ack number was given',
  noteAckNumberMissing: 'the ACK flag is set but no ack number was given',
  noteFieldTwiceSame: '{field} given twice: read once',
  noteFieldTwiceDifferent: '{field} given twice ({kept}, then {other}): kept the first',
  noteLengthFromRange: 'no length was given: took {length} bytes from the range {first}:{last}',
  noteOptionsUnclosed: 'read the options up to the end of the line, where they are not closed',
  noteIgnoredItems: 'ignored {items}',
  noteIgnoredComment: 'ignored the comment {comment}',
  noteWrappedOnce: 'read with the next line, which continues it',
  noteWrapped: 'read with the next {count} lines, which continue it',

  // Why a line that names a TCP segment cannot be read.
  reasonHeaderCutShort: 'the capture cut its header short',
  reasonQuietOutput: 'tcpdump -q prints no flags or sequence numbers',

  // What is damaged in a pcapng block.
  damageUnknownByteOrder: 'section header with an unknown byte-order magic',
  damageLengthMismatch: 'block length {length} does not match its trailing copy',
  damageBlockShorterThanHeader: 'block length {length} is shorter than a block header',
  damageLengthNotMultipleOf4: 'block length {length} is not a multiple of 4',
  damageSectionHeaderTooShort: 'section header block length {length} is too short',
  damagePacketBlockOverLimit: 'packet block length {length} exceeds the limit',
  damageBlockOverLimit: 'block length {length} exceeds the limit',
  damagePacketBlockTooShort: 'packet block length {length} is too short',
  damageCapturedOverBlock: 'captured length {length} exceeds the block',
  damageInterfaceUndescribed: 'interface {interface} is not described',
  damageCapturedOverLimit: 'captured length {length} exceeds the limit of {limit} bytes',

  // Why a gzip stream stops: fflate's errors (FlateErrorCode), in its words.
  gzipUnexpectedEnd: 'unexpected EOF',
  gzipInvalidBlockType: 'invalid block type',
  gzipInvalidLengthLiteral: 'invalid length/literal',
  gzipInvalidDistance: 'invalid distance',
  gzipStreamFinished: 'stream finished',
  gzipInvalidHeader: 'invalid gzip data',
  gzipOtherError: 'decompression error: {detail}',

  // Why nothing of an input can be read.
  unreadableFileEmpty: 'the file is empty',
  unreadableEmptyFile: 'empty file',
  unreadableTextEmpty: 'the text is empty',
  unreadableNotACapture: 'not a capture: neither pcap, pcapng, gzip nor tcpdump text',
  unreadableGzipHoldsNoCapture: 'gzip data holds no capture',
  unreadableFileHeader: 'file header unreadable',
  unreadableFileTooShort: 'the file is too short to be a capture ({length} bytes)',
  unreadableDecompressedTooShort: 'the decompressed data is too short to be a capture ({length} bytes)',
  unreadableFileUnknownMagic: 'the file is neither pcap nor pcapng (unknown magic number)',
  unreadableDecompressedUnknownMagic: 'the decompressed data is neither pcap nor pcapng (unknown magic number)',
} as const;
