// The range test of check-node-engines.mjs, for test/engines.test.ts.
export function satisfies(version: string, range: string): boolean;
