// The output channel keeps no secret: every line through the redaction gate (VS Code writes log channels to disk).
import { strict as assert } from 'assert';
import type * as vscode from 'vscode';
import { gatedLog } from '../../../src/vscode/gatedLog';

const TOKEN = `ghp_${'Xy7kQ2mN9pR4sT6vW8zA1bC3dE5fG7hJ0kL2'}`;

describe('gatedLog', () => {
  it('redacts every level, error objects included, and passes everything else through', () => {
    const lines: string[] = [];
    const record = (level: string) => (text: string) => void lines.push(`${level}: ${text}`);
    const channel = { name: 'Lucid', info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug'), appendLine: record('line'), show: () => lines.push('shown') };
    const log = gatedLog(channel as unknown as vscode.LogOutputChannel);
    log.info(`pushed with https://${TOKEN}@github.com/o/r.git`);
    log.warn(`export GITHUB_TOKEN=${TOKEN}`);
    log.error(new Error(`clone failed for ${TOKEN}`));
    log.appendLine(TOKEN);
    log.show();
    assert.equal(log.name, 'Lucid');
    assert.equal(lines.length, 5);
    assert.ok(lines.every((l) => !l.includes(TOKEN)), lines.join('\n'));
    assert.match(lines[0], /^info: pushed with https:\/\/\[REDACTED:github-token\]@github\.com/);
    assert.equal(lines[4], 'shown');
  });
});
