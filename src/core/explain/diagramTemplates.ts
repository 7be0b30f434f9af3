/**
 * English templates of the sequence diagram's words (the diagram's notes and
 * the table of its Markdown export). Each is also the key of its translations
 * in l10n/. State names, flag names and event tags stay as they are in every
 * language; endpoints are from the capture (untrusted): the diagram escapes
 * the whole sentence for Mermaid, the table for Markdown.
 */
export const DIAGRAM_MESSAGES = {
  diagramParticipantClient: '{endpoint} (client)',
  diagramParticipantServer: '{endpoint} (server)',
  diagramParticipantClientAndServer: '{endpoint} (client and server)',
  diagramConnection: 'connection #{id}',

  diagramHandshakeThreeWay: 'three-way handshake',
  diagramHandshakeSimultaneousOpen: 'simultaneous open',
  diagramHandshakeIncomplete: 'incomplete handshake',
  diagramHandshakeNotCaptured: 'handshake not captured',

  diagramCloseFourWay: 'four-way close',
  diagramCloseThreeWay: 'three-way close (FIN+ACK piggybacked)',
  diagramCloseSimultaneous: 'simultaneous close',
  diagramCloseHalf: 'half-close',
  diagramCloseReset: 'reset',
  diagramCloseResetByClient: 'reset by the client',
  diagramCloseResetByServer: 'reset by the server',
  diagramCloseRefused: 'connection refused: the server answers the SYN with a reset',
  diagramCloseOpen: 'still open',
  diagramClosedFirstByClient: '{close}: the client closes first',
  diagramClosedFirstByServer: '{close}: the server closes first',
  /** A frame that began on an earlier page, or before packets of another connection. */
  diagramFrameContinued: '{frame} (continued)',

  diagramPage: 'Page {page} of {pageCount}: {count} of {total} packets, frames {first} to {last}',
  diagramTableConnection: 'Connection',
  diagramTableClient: 'Client',
  diagramTableServer: 'Server',
  diagramTableHandshake: 'Handshake',
  diagramTableClose: 'Close',
  diagramTableFinalStates: 'Final states (client / server)',
  diagramTableRtt: 'Initial RTT',
  diagramTableZeek: 'Zeek conn_state (history)',
  diagramRttNotSeen: 'not seen',
} as const;
