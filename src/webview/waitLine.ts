// The line under the transcript while a request waits: "Waiting for Claude… 3 s" with a spinner until the model's
// first token, or "Retrying in 4 s (overloaded)" counted down during a retry. The seconds tick visibly only; a
// screen reader hears each new state once (a polite status), not every second.
import type { WaitStatus } from '../shared/panelState';
import { h, replaceChildren } from './dom';

export class WaitLine {
  readonly element = h('div', { class: 'wait-line', 'data-testid': 'wait-status', hidden: true });
  private readonly spoken = h('span', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  private readonly shown = h('span', { class: 'wait-text', 'aria-hidden': 'true' });
  private status: WaitStatus | null = null;
  private startedAt = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    replaceChildren(this.element, h('span', { class: 'spinner', 'aria-hidden': 'true' }), this.shown);
  }

  /** The live region: kept in the page (outside the hidden line) so it is there before its text changes. */
  get announcer(): HTMLElement {
    return this.spoken;
  }

  set(status: WaitStatus | null): void {
    this.status = status;
    this.startedAt = Date.now();
    clearInterval(this.timer);
    this.timer = undefined;
    this.element.hidden = !status;
    if (status) this.timer = setInterval(() => this.draw(), 1000);
    this.spoken.textContent = !status ? '' : status.kind === 'waiting' ? 'Waiting for Claude' : `Retrying (${status.reason}), attempt ${status.attempt + 1}`;
    this.element.dataset.kind = status?.kind ?? '';
    this.draw();
  }

  private draw(): void {
    const s = this.status;
    if (!s) return;
    const elapsed = Date.now() - this.startedAt;
    if (s.kind === 'waiting') {
      const secs = Math.floor(elapsed / 1000);
      this.shown.textContent = secs ? `Waiting for Claude… ${secs} s` : 'Waiting for Claude…';
      return;
    }
    const left = Math.ceil((s.delayMs - elapsed) / 1000);
    this.shown.textContent = left > 0 ? `Retrying in ${left} s (${s.reason})` : `Retrying now (${s.reason})…`;
  }
}
