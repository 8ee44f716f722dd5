// Preconditions for integration tests: they fail loudly in CI when root or a tool is missing,
// and elsewhere skip with the reason printed (never silently).
import { execFileSync } from 'node:child_process';
import type { TestContext } from 'node:test';

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Returns true when the test can go on; in CI a missing precondition throws.
export function requireEnvironment(t: TestContext, needs: { root?: boolean; tools?: string[] }): boolean {
  const missing: string[] = [];
  if (needs.root === true && !isRoot()) missing.push('root');
  for (const tool of needs.tools ?? []) if (!hasTool(tool)) missing.push(tool);
  if (missing.length === 0) return true;
  const message = `needs ${missing.join(', ')} (scripts/install-test-deps.sh installs the tools; run as root)`;
  if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(message);
  t.skip(message);
  return false;
}
