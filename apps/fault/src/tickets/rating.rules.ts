import { AppError, TicketStatus } from '@app/shared';

/**
 * Who may rate a ticket, and when (满意度评价): a user of the ticket's own customer, once the ticket is closed, once.
 * Staff never rate on a customer's behalf; another customer's user is told the ticket does not exist.
 */
export function assertMayRate(caller: { customerId?: string }, ticket: { id: string; number: string; customerId: string; status: TicketStatus }, alreadyRated: boolean): void {
  if (caller.customerId === undefined) throw new AppError('FORBIDDEN', "Only a user of the ticket's customer rates it");
  if (caller.customerId !== ticket.customerId) throw new AppError('TICKET_NOT_FOUND', `No fault ticket ${ticket.id}`);
  if (ticket.status !== 'closed') {
    throw new AppError('TICKET_NOT_CLOSED', `Ticket ${ticket.number} is ${ticket.status}: only a closed ticket can be rated`, { ticketStatus: ticket.status });
  }
  if (alreadyRated) throw new AppError('TICKET_ALREADY_RATED', `Ticket ${ticket.number} has already been rated: a ticket is rated once`);
}
