/**
 * The English sentences that explain one packet (`describePacket`). Each is
 * also the key of its translations in l10n/, so a change here means a change
 * there. Sequence and acknowledgement numbers are relative (0 = the
 * direction's ISN) unless a template says raw. State names (RFC 793), flag
 * names and event tags stay as they are in every language.
 */
export const PACKET_MESSAGES = {
  // The outer layers of an encapsulated packet, outermost first (`outerLayers.ts`).
  layerPppoe: 'PPPoE session {session}',
  layerMpls: 'MPLS label {label}',
  layerMplsBottom: 'MPLS label {label}, bottom of the stack',
  layerGre: 'GRE tunnel {source} → {target}',
  layerGreKey: 'GRE tunnel {source} → {target}, key {key}',
  layerVxlan: 'VXLAN tunnel {source} → {target}, VNI {vni}',
  layerGeneve: 'Geneve tunnel {source} → {target}, VNI {vni}',
  layerIpInIp: 'IP-in-IP tunnel {source} → {target}',
  layerErspan: 'ERSPAN type {type} mirrored copy',
  layerErspanSession: 'ERSPAN type {type} mirrored copy, session {session}',

  // Both endpoints, before → after the packet.
  endpointClient: 'client {endpoint}: {before} → {after}',
  endpointServer: 'server {endpoint}: {before} → {after}',

  // Notes on a state the capture point cannot see.
  noteUnknownMidConnection: 'UNKNOWN: the capture began mid-connection, and {endpoint} has not yet shown which state it is in',
  noteEstablishedInferred:
    'ESTABLISHED, inferred from the capture point: {endpoint} sent an acknowledgement without SYN, FIN or RST, which only a synchronised endpoint sends',
  noteListenNotVisible:
    'CLOSED before the SYN, as far as the capture point can tell: a listening socket (LISTEN) sends nothing, so the wire cannot show it',
  noteSynReceivedInferred:
    'SYN_RECEIVED, inferred from the capture point: {endpoint} answers with a SYN+ACK later in the capture, so it took this SYN',
  noteSynNotAnswered:
    'CLOSED, inferred from the capture point: {endpoint} never answers this SYN with a SYN+ACK, so it holds no connection for it (the SYN was dropped on the way, ignored or refused)',
  noteSynSentInferred: 'SYN_SENT, inferred from the capture point: the capture starts at the SYN+ACK, so {endpoint} must have sent a SYN before it',
  noteCloseWait:
    "CLOSE_WAIT, inferred from the capture point: {endpoint} has received the peer's FIN and now waits for its application to close the socket; nothing on the wire ends this state until the application does",
  noteTimeWait:
    'TIME_WAIT, inferred from the capture point: it lasts 2×MSL (60 s on Linux) so that a lost last ACK can be repeated; the capture does not show it end, so it stays as last seen',

  // Which step this packet is.
  stepHandshake1: 'step 1 of the three-way handshake: the client {endpoint} asks to connect and picks its initial sequence number (ISN) {isn}',
  stepSynRetransmitted: 'the client sends its SYN again: no SYN+ACK came back in time (the SYN or the answer was lost, or nobody answers)',
  stepHandshake2: "step 2 of the three-way handshake: the server {endpoint} acknowledges the client's ISN + 1 and sends its own ISN {isn}",
  stepHandshake3: "step 3 of the three-way handshake: the client {endpoint} acknowledges the server's ISN + 1; both ends are now ESTABLISHED",
  stepSimultaneousOpenFirstSyn:
    'simultaneous open, first SYN: {endpoint} asks to connect with its ISN {isn}; its peer sends a SYN of its own before answering',
  stepSimultaneousOpenSecondSyn:
    'simultaneous open, second SYN: {endpoint} sends its own SYN (ISN {isn}) instead of a SYN+ACK; the two SYNs cross and each end goes to SYN_RECEIVED',
  stepSimultaneousOpenSynAck:
    "simultaneous open: {endpoint} answers the peer's SYN with a SYN+ACK that acknowledges its ISN + 1 and repeats its own ISN {isn}; on receiving it the peer is ESTABLISHED",
  stepResetRefused: 'connection refused: {endpoint} answers the SYN with a reset; no socket listens there, or a firewall rejects the connection',
  stepResetAccepted:
    'reset by {endpoint}: its sequence number {seq} is exactly the one {peer} expects next, so it is accepted (RFC 5961); both ends drop the connection at once, with no TIME_WAIT, and data not yet delivered is lost',
  stepResetAcceptedUnchecked:
    'reset by {endpoint}: the capture shows nothing earlier to check its sequence number against, so it counts; both ends drop the connection at once, with no TIME_WAIT',
  stepResetIgnored:
    'reset ignored (RFC 5961): its sequence number {seq} is not the {expected} that {peer} expects next, so {peer} keeps the connection and at most answers with a challenge ACK; a blind attacker cannot guess the exact number',
  stepResetIgnoredUnchecked:
    'reset ignored (RFC 5961): its sequence number {seq} is not the one {peer} expects next, so {peer} keeps the connection and at most answers with a challenge ACK',
  stepResetNoConnection: 'reset by {endpoint} for a connection that {peer} has already closed: it changes nothing',
  stepActiveClose:
    '{endpoint} closes first (active close): its FIN says it has no more data to send; it goes to FIN_WAIT_1 and, once both FINs are acknowledged, will be the one to wait in TIME_WAIT',
  stepPassiveClose:
    "{endpoint} closes in turn (passive close): its application has closed the socket after the peer's FIN, which ends CLOSE_WAIT; it waits in LAST_ACK for the ACK of this FIN",
  stepThreeWayClose: "this FIN also acknowledges the peer's FIN, so the close takes three segments instead of four (FIN, FIN+ACK, ACK)",
  stepSimultaneousClose:
    "simultaneous close: {endpoint} sends its FIN before it has received the peer's; both ends go through CLOSING, and both will wait in TIME_WAIT",
  stepHalfClose: 'the other direction stays open in this capture: {peer} may go on sending data after this FIN (half-close)',
  stepFinRepeated: '{endpoint} sends its FIN again (first sent in frame {frame})',
  stepAckOfFin:
    '{endpoint} acknowledges the FIN of {peer}: {peer} moves to FIN_WAIT_2 and waits for the FIN of {endpoint}, which stays in CLOSE_WAIT until its application closes the socket',
  stepAckOfFinOnly: '{endpoint} acknowledges the FIN of {peer}, which moves to FIN_WAIT_2',
  stepLastAck:
    'last ACK of the close: {endpoint} acknowledges the FIN of {peer}, which is now CLOSED; {endpoint} waits in TIME_WAIT for 2×MSL in case this ACK is lost and the FIN comes again',
  stepAckSimultaneousClose: '{endpoint} acknowledges the crossed FIN of {peer}, which goes from CLOSING to TIME_WAIT',
  stepData: '{len} bytes of data from {endpoint}: bytes {first} to {last} of its stream (the next segment starts at {next})',
  stepHalfCloseData: "{endpoint} still sends data after the peer's FIN: a FIN closes only one direction (half-close)",
  stepPureAck: 'pure ACK from {endpoint}: no data; it has received every byte before {ack} and expects {ack} next',
  stepDuplicateAck:
    'duplicate ACK from {endpoint}: it acknowledges {ack} again because a segment beyond a gap arrived; after three of these the sender resends from {ack} (fast retransmit)',
  stepWindowUpdate: 'window update from {endpoint}: no data and no new acknowledgement, only a new window of {window} bytes',
  stepZeroWindow: '{endpoint} advertises a zero window: its receive buffer is full, and the peer must stop sending until it opens',
  stepZeroWindowProbe: "zero-window probe from {endpoint}: one byte sent into the peer's zero window, to learn when it opens again",
  stepZeroWindowProbeAck: '{endpoint} answers a zero-window probe: its window is still zero',
  stepKeepAlive:
    'keep-alive probe from {endpoint} after an idle period: it repeats a byte already acknowledged (seq = next - 1), so the peer must answer if it is still there',
  stepKeepAliveIntoZeroWindow:
    "probe from {endpoint} into the peer's zero window: like a keep-alive it repeats a byte already acknowledged (seq = next - 1), so the peer must answer with its current window (Linux probes a zero window this way; Wireshark marks it keep-alive)",
  stepKeepAliveAck: '{endpoint} answers a keep-alive probe: it is still there',
  stepNoAckFlag:
    'a segment without the ACK flag ({letters}): apart from the first SYN and some resets every TCP segment carries ACK, so this looks like a scan probe or a crafted packet',

  // The arithmetic behind the numbers.
  seqIsn: 'seq {raw}: the initial sequence number (ISN) of {endpoint}; its relative numbers count from here (relative 0)',
  seqAfterSyn: 'seq {relative} = ISN {isn} + 1 (raw {raw}): the SYN consumed one sequence number, so the first data byte is number 1',
  seqRelative: 'seq {relative} = raw {raw} - ISN {isn} of {endpoint}',
  seqRelativeNoSyn:
    'seq {relative} = raw {raw} - {base}: the SYN of {endpoint} is not in the capture, so its numbers count from just before its first segment seen',
  seqInferred:
    'seq {relative} (raw {raw}) is not shown in the input: tcpdump prints none on a segment without data, SYN, FIN or RST; inferred as the next sequence number of {endpoint}',
  seqInferredProbe:
    'seq {relative} (raw {raw}) is not shown in the input; inferred as one less than the next sequence number of {endpoint}, as a keep-alive or zero-window probe carries',
  seqResetWithoutConnection:
    'seq {raw}: a reset sent for no connection takes its sequence number from the acknowledgement of the segment it answers, or 0 if that segment had none (RFC 793)',
  seqNotShown: 'the input does not show the sequence number, and nothing earlier in the capture tells it',
  ackSynClient: 'ack {raw} = client ISN {isn} + 1: a SYN consumes one sequence number',
  ackSynServer: 'ack {raw} = server ISN {isn} + 1: a SYN consumes one sequence number',
  ackData: 'ack {ack} = {seq} + {len} bytes received',
  ackFin: 'ack {ack} = {seq} + 1: a FIN consumes one sequence number',
  ackDataFin: 'ack {ack} = {seq} + {len} bytes + 1 for the FIN',
  ackCumulative: 'ack {ack} (raw {raw}): every byte before {ack} has been received; acknowledgements are cumulative',
  ackFirstSeen: 'ack {ack} (raw {raw}): the SYN of {peer} is not in the capture, so its numbers count from the first acknowledgement of them, this one',
  ackNotShown: 'the ACK flag is set but the input does not show the acknowledgement number',
  windowScaled: 'window {scaled} bytes = {raw} × 2^{shift}: the window scale agreed in the handshake',
  windowOnSyn: 'window {raw} bytes: the window of a SYN is never scaled',
  windowNotScaled: 'window {raw} bytes, not scaled: the scale factor is 1 in this direction',
  windowOnReset: 'window {raw}: a reset advertises no window; the field means nothing here',
  windowScaleUnknown:
    'window {raw} as sent: the handshake is not in the capture, so the scale factor is unknown and the real window may be larger',

  // Options.
  optionMss: 'MSS {mss}: {endpoint} accepts at most {mss} bytes of data per segment',
  optionWindowScale: 'window scale {shift}: {endpoint} offers to count its windows in units of 2^{shift} = {factor} bytes (used only if both SYNs carry it)',
  optionSackPermitted: 'SACK permitted: {endpoint} can take selective acknowledgements',
  optionTimestamps:
    "timestamps: TSval {value}, TSecr {echo} (the peer's latest TSval echoed back; used to measure the RTT and to reject old duplicates, PAWS)",
  optionSack: 'SACK {left}:{right} (raw {rawLeft}:{rawRight}): these bytes have arrived although some before them are missing',

  // Wireshark's analysis events (tcp.analysis.*): what each means; presenters show the tag itself.
  eventRetransmission: 'this segment repeats sequence numbers already sent (they do not advance); the first copy or its ACK was lost or late',
  eventFastRetransmission: 'resent as soon as duplicate ACKs asked for it, without waiting for the retransmission timer',
  eventSpuriousRetransmission: 'the receiver had already acknowledged this data, so the copy was not needed',
  eventOutOfOrder: 'it comes after a segment with higher sequence numbers, too soon after it to be a retransmission',
  eventDuplicateAck: 'the same acknowledgement and window again: the receiver got a segment beyond a gap and asks again for the missing bytes',
  eventZeroWindow: "the receiver's buffer is full; the peer must stop sending until the window opens",
  eventZeroWindowProbe: 'one byte sent into a zero window, to learn when it opens',
  eventZeroWindowProbeAck: 'the answer to a zero-window probe; the window is still zero',
  eventWindowFull: "this segment fills the receiver's advertised window; the sender must wait for an ACK before sending more",
  eventWindowUpdate: 'no data and no new acknowledgement, only a changed window',
  eventKeepAlive: 'a segment at the next sequence number - 1 after an idle period, to check that the peer is still there',
  eventKeepAliveAck: 'the answer to a keep-alive; the peer is still there',
  eventPreviousSegmentNotCaptured: "this segment starts beyond the sender's next byte, so some data before it is missing from the capture",
  eventAckedUnseenSegment: 'it acknowledges data that the capture never showed',
  eventPortNumbersReused: 'a new SYN on the same addresses and ports as an earlier connection, with another ISN',

  // What each kind of finding means; presenters show the finding's own summary before it.
  findingMeaningSynFlood: "half-open connections pile up in the server's SYN queue until it can accept no new ones",
  findingMeaningPortScan: 'one source tries many ports of a host to find those where a service listens',
  findingMeaningCloseWait: "the application received the peer's FIN but never closed its socket (often a leaked socket or a missing close())",
  findingMeaningSynUnanswered: 'nothing came back; a firewall drops the SYNs, the host is down, or the route is broken',
  findingMeaningIcmpUnreachable: 'a router or the host reports that the SYN could not be delivered',
  findingMeaningReset: 'an RST ends the connection at once, without an orderly close',
  findingMeaningResetRefused: 'a reset in answer to a SYN: nothing listens on that port, or a firewall rejects the connection',
  findingMeaningResetIgnored:
    'a reset that does not carry exactly the expected sequence number is ignored, so that a blind attacker cannot tear the connection down (RFC 5961)',
} as const;
