/**
 * Resource stock (§2.1): a stock below its threshold raises a warning, once per crossing: it is raised again only
 * after the level has come back to the threshold. A stock without a level or a threshold is never below.
 */
export function stockCrossing(wasBelow: boolean, level: number | null, threshold: number | null): { below: boolean; crossed: boolean } {
  const below = level !== null && threshold !== null && level < threshold;
  return { below, crossed: below && !wasBelow };
}
