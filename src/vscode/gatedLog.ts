// Lucid's output channel, with every line through the redaction gate: VS Code keeps log channels on disk (the
// window's logs folder), and error messages can quote a command, a URL or a note with a secret in it.
import type * as vscode from 'vscode';
import { gateText } from '../core/redact/redactionGate';

const GATED = new Set(['trace', 'debug', 'info', 'warn', 'append', 'appendLine', 'replace']);

export function gatedLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      if (prop === 'error') {
        return (first: string | Error, ...rest: unknown[]) =>
          target.error(typeof first === 'string' ? gateText(first) : gateText(first.stack ?? first.message), ...rest.map(gateArg));
      }
      if (GATED.has(prop)) return (text: string, ...rest: unknown[]) => (value as (...a: unknown[]) => unknown).call(target, gateText(String(text)), ...rest.map(gateArg));
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

const gateArg = (a: unknown) => (typeof a === 'string' ? gateText(a) : a);
