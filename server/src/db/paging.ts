// Offset pages with their total (the Klantinteracties API's `count`). The rows come first; the count
// query runs only when the page itself cannot tell the total (a full page, or an empty page past the start).
export type Paging = { offset: number; limit: number };

export async function pageWithTotal<T>(
  page: Paging,
  rows: () => Promise<T[]>,
  count: () => Promise<{ n: number | string | bigint }>,
): Promise<[number, T[]]> {
  const items = await rows();
  if (items.length < page.limit && (items.length > 0 || page.offset === 0))
    return [page.offset + items.length, items];
  return [Number((await count()).n), items];
}
