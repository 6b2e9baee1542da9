// Shared set-up for agent tests: a temp workspace, a memory store, the fake Anthropic server and a session.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AgentSession, type AgentSessionOptions } from '../../../src/core/agent/agentSession';
import type { AgentEvent } from '../../../src/core/agent/agentEvents';
import { MemoryStore } from '../../../src/core/memory/memoryStore';
import { createModelClient } from '../../../src/core/model/modelClient';
import { createApprovalGate } from '../../../src/core/tools/approvalPolicy';
import { startFakeAnthropic, type FakeAnthropic, type FakeTurn } from '../../support/fakeAnthropic';

export const TEST_KEY = 'sk-ant-api03-TESTKEYtestkeyTESTKEYtestkeyTESTKEYtestkey-AAAA';

export interface Rig {
  root: string;
  store: MemoryStore;
  server: FakeAnthropic;
  session: AgentSession;
  events: AgentEvent[];
  /** Sends a prompt and collects every event until it ends. */
  send(prompt: string, signal?: AbortSignal): Promise<{ events: AgentEvent[]; reason: string }>;
  cleanup(): Promise<void>;
}

export async function makeRig(turns: FakeTurn[], overrides: Partial<AgentSessionOptions> & { files?: Record<string, string> } = {}): Promise<Rig> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lucid-agent-test-'));
  for (const [file, text] of Object.entries(overrides.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  const store = await MemoryStore.open(root);
  const server = await startFakeAnthropic({ turns, apiKey: TEST_KEY });
  const client = createModelClient({ apiKey: TEST_KEY, baseURL: server.url, model: 'claude-sonnet-4-6', sleep: async () => {} });
  const events: AgentEvent[] = [];
  const session = new AgentSession({
    workspaceRoot: root,
    store,
    client,
    approve: createApprovalGate({ edits: 'allow', commands: 'allow', trusted: true }),
    trusted: true,
    listeners: [(e) => void events.push(e)],
    ...overrides,
  });
  return {
    root,
    store,
    server,
    session,
    events,
    async send(prompt, signal) {
      const mine: AgentEvent[] = [];
      const it = session.send(prompt, signal);
      for (;;) {
        const r = await it.next();
        if (r.done) return { events: mine, reason: r.value };
        mine.push(r.value);
      }
    },
    async cleanup() {
      await server.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The text of every tool_result block in a request body's last user message. */
export function toolResultTexts(body: any): string[] {
  const last = body.messages[body.messages.length - 1];
  return (last.content as any[])
    .filter((b) => b.type === 'tool_result')
    .map((b) => (typeof b.content === 'string' ? b.content : b.content.map((c: any) => c.text).join('\n')));
}

export function systemText(body: any): string {
  return (body.system as any[]).map((b) => b.text).join('\n');
}
