/** The sentence of a finding, as a message key and its arguments (formatted numbers, endpoints as the input named them). */
import type { Finding } from '../model/captureModel';
import { icmpReasonMessage } from './icmpReason';
import { message, type Message } from './message';

export function findingMessage(f: Finding): Message {
  switch (f.kind) {
    case 'syn-flood':
      return message('findingSynFlood', { halfOpen: f.halfOpen, target: f.target, sources: f.sources, duration: f.duration.toFixed(1) });
    case 'port-scan': {
      const args = { source: f.source, count: f.ports.length, target: f.target };
      return f.openPorts.length
        ? message('findingPortScanOpen', { ...args, openPorts: f.openPorts.join(', ') })
        : message('findingPortScanNoneOpen', args);
    }
    case 'close-wait':
      return message(f.role === 'server' ? 'findingCloseWaitServer' : 'findingCloseWaitClient', {
        endpoint: f.endpoint,
        finFrame: f.finFrame,
        waited: f.waited.toFixed(3),
      });
    case 'syn-unanswered':
      return message(f.synCount === 1 ? 'findingSynUnansweredOnce' : 'findingSynUnanswered', { server: f.server, client: f.client, synCount: f.synCount });
    case 'icmp-unreachable':
      return message(f.hard ? 'findingIcmpUnreachableRefused' : 'findingIcmpUnreachable', {
        server: f.server,
        client: f.client,
        reason: icmpReasonMessage(f.reason),
        icmpFrame: f.icmpFrame,
      });
    case 'reset':
      if (f.ignored) return message('findingResetIgnored', { resetFrame: f.resetFrame });
      if (f.refused) return message('findingResetRefused', { server: f.endpoint, client: f.peer });
      return message(f.by === 'server' ? 'findingResetByServer' : 'findingResetByClient', {
        endpoint: f.endpoint,
        resetFrame: f.resetFrame,
        bytesC2s: f.bytesC2s,
        bytesS2c: f.bytesS2c,
      });
  }
}
