// Typed messages between the extension host and the webview. The side-panel issue grows this file;
// every message from the webview is validated on arrival (the webview is untrusted).

/** Messages the webview sends to the host. */
export type WebviewToHost = { type: 'ready' };

/** Messages the host sends to the webview. */
export type HostToWebview = { type: 'state'; memoryFolder: string | null; noteCount: number };

export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  if (type === 'ready') return { type: 'ready' };
  return undefined;
}
