/** Every item of a paged read, reading `chunkSize` at a time until a chunk comes back short. */
export async function readAll<T>(readChunk: (skip: number, take: number) => Promise<T[]>, chunkSize: number): Promise<T[]> {
  const all: T[] = [];
  for (let skip = 0; ; skip += chunkSize) {
    const chunk = await readChunk(skip, chunkSize);
    all.push(...chunk);
    if (chunk.length < chunkSize) return all;
  }
}
