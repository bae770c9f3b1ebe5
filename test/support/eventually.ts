import { setTimeout as pause } from 'node:timers/promises';

/**
 * Waits until `check` gives something other than undefined, null or false, and returns
 * it; fails after `timeoutMs` naming what was awaited. Tests wait for what they can
 * observe, never for a fixed time.
 */
export async function eventually<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}, in vain.`);
    await pause(10);
  }
}
