// The panel's HTML shell: a strict Content-Security-Policy with a nonce; only our bundle may run. Styles come
// from media/panel.css (the webview's own origin); the web components' styles are constructable stylesheets
// (adoptedStyleSheets), which style-src does not govern, so no 'unsafe-inline' is needed.
import { randomBytes } from 'crypto';
import type * as vscode from 'vscode';

export function webviewHtml(webview: vscode.Webview, script: vscode.Uri, stylesheet: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${webview.asWebviewUri(stylesheet)}">
<title>Lucid</title>
</head>
<body>
<div id="root" role="status" aria-live="polite">Loading…</div>
<script nonce="${nonce}" src="${webview.asWebviewUri(script)}"></script>
</body>
</html>`;
}
