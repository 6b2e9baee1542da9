// The status bar item: what Lucid is doing in the background (idle, an agent session working, dreaming).
// Clicking it opens the last dream report.
import * as vscode from 'vscode';

export type LucidActivity = 'idle' | 'working' | 'dreaming';

const LOOK: Record<LucidActivity, { text: string; tooltip: string }> = {
  idle: {
    text: '$(lightbulb) Lucid',
    tooltip: 'Lucid is idle. When the editor is left alone for a while it dreams: it refines its memory (.agent-memory) from the recent sessions. Click to open the last dream report.',
  },
  working: {
    text: '$(sync~spin) Lucid: working',
    tooltip: 'An agent session is running. Lucid does not dream while it works. Click to open the last dream report.',
  },
  dreaming: {
    text: '$(loading~spin) Lucid: dreaming',
    tooltip: 'Lucid is dreaming: refining its memory from the recent sessions. Any activity in the editor cancels an idle dream cleanly. Click to open the last dream report.',
  },
};

export class LucidStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private agentRunning = false;
  private dreams = 0;

  constructor() {
    this.item = vscode.window.createStatusBarItem('lucid.status', vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'Lucid';
    this.item.command = 'lucid.openDreamReport';
    this.render();
    this.item.show();
  }

  /** Dreaming wins over working, working over idle. */
  get activity(): LucidActivity {
    return this.dreams > 0 ? 'dreaming' : this.agentRunning ? 'working' : 'idle';
  }

  /** The panel calls this when an agent session starts and ends. */
  setAgentRunning(running: boolean): void {
    if (running === this.agentRunning) return;
    this.agentRunning = running;
    this.render();
  }

  setDreaming(dreaming: boolean): void {
    this.dreams = Math.max(0, this.dreams + (dreaming ? 1 : -1));
    this.render();
  }

  private render(): void {
    const look = LOOK[this.activity];
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.accessibilityInformation = { label: look.text.replace(/\$\([^)]*\)\s*/, ''), role: 'button' };
  }

  dispose(): void {
    this.item.dispose();
  }
}
