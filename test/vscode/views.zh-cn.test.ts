import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { CLOSE_WAIT_SAMPLE, DUPACK_SAMPLE, openNewCapture, sampleFile } from './viewSamples';
import { CHINESE, zhCnSession } from './zhCn';


// Runs with the display language zh-cn (scripts/runVscodeTests.mjs): the outline, the CodeLens, the
// Problems panel and the connections view speak Chinese; state names, event tags and Zeek's letters stay.
suite('outline, CodeLens, diagnostics and the connections view in Simplified Chinese', () => {
  const zh = zhCnSession();

  test('the outline names the phases in Chinese', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    const [connection] = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri)) ?? [];
    assert.ok(connection);
    assert.equal(connection.name, CLOSE_WAIT_SAMPLE.connection);
    assert.equal(connection.detail, '三次握手 · 半关闭 · S2 · 11 个数据包');
    assert.deepEqual(connection.children.map((phase) => [phase.name, phase.detail]), [
      ['握手', '第 3–5 行'],
      ['数据', '第 6–11 行'],
      ['关闭', '第 12–13 行'],
    ]);
  });

  test('the CodeLens speaks Chinese', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10)) ?? [];
    assert.deepEqual(lenses.map((lens) => lens.command?.title), [
      `${CLOSE_WAIT_SAMPLE.connection} · 三次握手 · 半关闭 · S2 · 11 个数据包`,
      '$(list-tree) 在“TCP 连接”中显示',
      '$(git-compare) 时序图',
    ]);
  });

  test('the state hints speak Chinese, with the state names as they are', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const hints = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, whole)) ?? [];
    const label = (hint: vscode.InlayHint | undefined) => (typeof hint?.label === 'string' ? hint.label : hint?.label.map((part) => part.value).join(''));
    assert.equal(label(hints[0]), `客户端 ${'SYN_SENT'.padEnd(12)} · 服务器 ${'SYN_RECEIVED'.padEnd(12)}`);
  });

  test('the Problems panel explains events and findings in Chinese, with the tags and state names as they are', async () => {
    const closeWait = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    const finding = await waitFor('the close-wait finding', () =>
      vscode.languages.getDiagnostics(closeWait.uri).find((diagnostic) => diagnostic.code === 'close-wait'),
    );
    assert.match(finding.message, CHINESE);
    assert.match(finding.message, /CLOSE_WAIT/);
    assert.match(finding.message, /192\.0\.2\.2:80/);

    const dupack = await zh.api.openCaptureAsText(sampleFile(DUPACK_SAMPLE.name));
    assert.ok(dupack);
    const events = await waitFor('the event diagnostics', () => {
      const found = vscode.languages.getDiagnostics(dupack.uri).filter((diagnostic) => diagnostic.source === 'TCP Lens');
      return found.length > 0 && found;
    });
    for (const diagnostic of events) assert.match(diagnostic.message, CHINESE, `${String(diagnostic.code)}: ${diagnostic.message}`);
    assert.ok(events.some((diagnostic) => diagnostic.code === 'duplicate-ack'));
  });

  test('the Problems panel says in Chinese which line is not a packet, quoting the line as it is', async () => {
    const garbage = 'this is <b>not</b> a packet';
    const document = await openNewCapture(
      [
        '12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 64240, length 0',
        garbage,
        '12:00:00.000201 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 700, ack 101, win 65160, length 0',
      ].join('\n') + '\n',
    );
    const problem = await waitFor('the garbage-line problem', () =>
      vscode.languages.getDiagnostics(document.uri).find((diagnostic) => diagnostic.code === 'input'),
    );
    assert.equal(problem.range.start.line, 1);
    assert.equal(problem.message, `不是 tcpdump 数据包行：${JSON.stringify(garbage)}`);
  });

  test('the connections view speaks Chinese', async () => {
    const document = await vscode.workspace.openTextDocument(sampleFile(CLOSE_WAIT_SAMPLE.name));
    await vscode.window.showTextDocument(document);
    const tree = zh.api.connectionsTree;
    await waitFor('the view to show the capture', () => tree.document === document && tree.model !== undefined);
    const [findings, connection] = tree.getChildren();
    assert.equal(tree.getTreeItem(findings).label, '发现');
    const item = tree.getTreeItem(connection);
    assert.equal(item.label, CLOSE_WAIT_SAMPLE.connection);
    assert.equal(item.description, 'FIN_WAIT_2 / CLOSE_WAIT · S2 · 11 个数据包');
    const details = tree.getChildren(connection).map((node) => tree.getTreeItem(node));
    assert.deepEqual(
      details.slice(0, 5).map((detail) => [detail.label, detail.description]),
      [
        ['三次握手', '第 3–5 行'],
        ['数据', '第 6–11 行'],
        ['半关闭', '第 12–13 行'],
        ['客户端 192.0.2.1:40006', '最终状态 FIN_WAIT_2'],
        ['服务器 192.0.2.2:80', '最终状态 CLOSE_WAIT'],
      ],
    );
    assert.match(String(tree.resolveTreeItem(item, connection).tooltip), /Zeek S2（已建立，看到发起方尝试关闭/);
  });
});
