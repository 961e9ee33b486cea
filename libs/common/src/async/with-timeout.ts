/** Resolves with `work`, or rejects after `ms` (with `message`, or "no answer within <ms> ms"); the timer never outlives the race. */
export async function withTimeout<T>(ms: number, work: () => Promise<T>, message = `no answer within ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
