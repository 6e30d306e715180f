const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads every `everyMs` until `ok` accepts the value or `ms` have passed, and returns the last value read:
 * the caller's expect then shows what it was, not a bare timeout.
 */
export async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await sleep(everyMs);
    value = await read();
  }
  return value;
}

/** Waits for `check` to hold; fails with "timed out waiting for <what>" after `ms`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 20_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
