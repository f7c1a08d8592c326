/** Durations in milliseconds, for limits written the way DOMAIN.md states them ("5 * MIN"). */
export const SECOND = 1000;
export const MIN = 60 * SECOND;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
