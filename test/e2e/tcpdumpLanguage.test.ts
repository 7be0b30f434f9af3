import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import { DEFAULT_FOREGROUND, e2e, useWorkbench, type Workbench } from './workbench';

const SYN_LINE = '02:55:34.899925 IP 192.0.2.1.40006 > 192.0.2.2.80: Flags [S]';

/** Timestamp, address, port, flags and a number each get their own, non-default colour. */
async function assertPacketLineColoured(workbench: Workbench, lineText: string, pieces: Record<string, string>): Promise<void> {
  const line = workbench.line(lineText);
  await line.waitFor();
  const tokens = await workbench.tokensOf(line);
  const classOf = (text: string) => {
    const token = tokens.find((candidate) => candidate.text.includes(text));
    assert.ok(token, `no token holds ${JSON.stringify(text)}: ${JSON.stringify(tokens)}`);
    return token.colorClass;
  };
  const classes = Object.fromEntries(Object.entries(pieces).map(([role, text]) => [role, classOf(text)]));
  for (const [role, colorClass] of Object.entries(classes)) {
    assert.notEqual(colorClass, DEFAULT_FOREGROUND, `${role} is not coloured: ${JSON.stringify(tokens)}`);
  }
  assert.equal(new Set(Object.values(classes)).size, Object.keys(classes).length, `roles share a colour: ${JSON.stringify(classes)}`);
}

suite('tcpdump language in the workbench', () => {
  const session = useWorkbench(() => e2e.devUrl);

  test('a .tcpdump file gets the tcpdump language and coloured tokens', async () => {
    const { workbench } = session;
    await workbench.quickOpen('close-wait-server-never-closes.tcpdump');
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    await assertPacketLineColoured(workbench, SYN_LINE, {
      timestamp: '02:55:34.899925',
      address: '192.0.2.1',
      port: '40006',
      flags: 'S',
      field: 'seq',
    });
    const line = workbench.line(SYN_LINE);
    assert.notEqual(await workbench.colorOf(line, '02:55:34.899925'), await workbench.colorOf(line, '192.0.2.1'));
  });

  test('a .txt file of tcpdump output is recognised and coloured; other text is not', async () => {
    const { workbench } = session;
    await workbench.quickOpen('notes.txt');
    await workbench.line('Notes on the capture').waitFor();
    await workbench.languageStatus.filter({ hasText: 'Plain Text' }).waitFor();
    await workbench.page.waitForTimeout(2000); // time in which a tcpdump switch and colours would come
    await workbench.languageStatus.filter({ hasText: 'Plain Text' }).waitFor();
    const plainTokens = await workbench.tokensOf(workbench.line('Notes on the capture'), false);
    assert.equal(new Set(plainTokens.map((token) => token.colorClass)).size, 1, 'plain text has coloured tokens');

    await workbench.quickOpen('oldstyle-tcpdump3.txt');
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    await assertPacketLineColoured(workbench, '10:19:35.531424 192.168.1.116.3337 > 192.168.1.123.7788: S', {
      timestamp: '10:19:35.531424',
      address: '192.168.1.116',
      port: '3337',
      field: 'win',
    });
  });

  test('the command palette switches a document to tcpdump', async () => {
    const { workbench } = session;
    await workbench.quickOpen('server-trace.log');
    await workbench.line('10.0.0.1.40000').waitFor();
    await workbench.languageStatus.filter({ hasNotText: 'tcpdump' }).waitFor();
    await workbench.runCommand('TCP Lens: Use tcpdump Language for This File');
    await workbench.languageStatus.filter({ hasText: 'tcpdump' }).waitFor();
    await assertPacketLineColoured(workbench, '12:00:00.000001 IP 10.0.0.1.40000', {
      timestamp: '12:00:00.000001',
      address: '10.0.0.1',
      flags: 'S',
    });
  });
});
