/** Ticket numbers read as the Beijing date of intake and a running number: F20261122000123. */
export function ticketNumber(openedAt: Date, sequence: number): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(openedAt)
    .replace(/-/g, '');
  return `F${day}${String(sequence).padStart(6, '0')}`;
}
