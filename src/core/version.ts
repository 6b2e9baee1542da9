// Lucid's version: injected by esbuild at build time (see esbuild.js); 'dev' when running unbundled (tests).
declare const LUCID_VERSION: string | undefined;

export const VERSION: string = typeof LUCID_VERSION === 'string' ? LUCID_VERSION : 'dev';
