/**
 * Pure questions every view asks of a `CaptureModel`. Views never re-derive
 * TCP facts: a fact the model lacks is added here (or to the model), once.
 */
export { frameAtLine, frameAtOffset, lastLineOfPacket, lineOfPacket, packetAtLine, packetOfFrame } from './lines';
export { connectionSummary, eventCountsOfConnections, packetsOfConnection, positionInConnection, previousPacketInConnection, type ConnectionSummary, type Phase } from './connections';
export { acknowledgedSegment, findingsOfPacket, scaledWindow, statesAround, type EndpointStates } from './packets';
export { endpointText } from '../endpointText';
