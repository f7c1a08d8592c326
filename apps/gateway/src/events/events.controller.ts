import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { AppError, Clock, GatewayEnv } from '@app/shared';
import { GATEWAY_ENV } from '../http/gateway-env';
import { ApiProblems } from '../http/api-errors';
import { AnyUser } from '../identity/access';
import { authOf } from '../identity/authenticate';
import { CLOCK_TOLERANCE } from '../identity/tokens';
import { EventStream } from './event-stream';

class StreamQuery {
  @ApiPropertyOptional({ description: "For browsers' EventSource, which cannot send headers: the access token" })
  @IsOptional()
  @IsString()
  access_token?: string;
}

/** Node's timers take at most this many milliseconds. */
const MAX_TIMER_MS = 2 ** 31 - 1;

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventStream,
    private readonly clock: Clock,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  @Get('stream')
  @AnyUser()
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event (a reconnecting EventSource sends it)' })
  @ApiOperation({
    summary: 'Live events (Server-Sent Events): new tickets, status changes, clock warnings and breaches, order changes, messages in your inbox',
    description:
      "`inbox.added`: a message put in the caller's own in-app inbox (no one else's, an administrator's stream included). The rest is filtered by role, and for a customer's user by its customer: of a ticket event it gets only the customer's view the fault service projected (the cause it was told, never the true cause; nothing of escalations or dispatch legs), as `GET /faults/{id}` shows it. Each event's `id` is its stream position; reconnecting with Last-Event-ID misses nothing. The stream lasts as long as its access token: when the token expires it ends with a `token-expired` event; refresh the token and reconnect with Last-Event-ID.",
  })
  @ApiOkResponse({ description: 'text/event-stream: `id`, `event` (ticket.opened, ticket.changed, clock.warned, inbox.added, ...), `data` (JSON)' })
  @ApiProblems(400)
  async stream(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() _query: StreamQuery,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<void> {
    const caller = authOf(request).caller!;
    let after: number | undefined;
    if (lastEventId !== undefined) {
      after = Number(lastEventId);
      if (!Number.isSafeInteger(after) || after < 0) {
        throw new AppError('VALIDATION_FAILED', 'Last-Event-ID must be an event id from this stream', {
          fields: [{ field: 'Last-Event-ID', reason: 'not a stream position' }],
        });
      }
    }
    const raw = reply.raw;
    // Events that arrive before the headers are written wait for them.
    let pending: string[] | undefined = [];
    const stop = await this.events.open(
      caller,
      after,
      (e) => {
        const frame = `id: ${e.id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
        if (pending) pending.push(frame);
        else raw.write(frame);
      },
      () => raw.end(),
    );
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    raw.write(': connected\n\n');
    for (const frame of pending) raw.write(frame);
    pending = undefined;
    // The stream is as good as its token: it ends when the token would be refused (the portal refreshes it and reconnects).
    const { exp } = decodeJwt(authOf(request).bearer!);
    const expiresAt = exp === undefined ? Infinity : (exp + CLOCK_TOLERANCE) * 1000;
    let expiry: NodeJS.Timeout | undefined;
    const endIfExpired = () => {
      if (this.clock.now().getTime() < expiresAt) return false;
      raw.end(`event: token-expired\ndata: ${JSON.stringify({ reason: 'The access token has expired: refresh it and reconnect with Last-Event-ID' })}\n\n`);
      return true;
    };
    const heartbeat = setInterval(() => endIfExpired() || raw.write(': keep-alive\n\n'), this.env.SSE_HEARTBEAT_MS);
    if (expiresAt !== Infinity) expiry = setTimeout(endIfExpired, Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - this.clock.now().getTime())));
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(expiry);
      void stop();
    };
    // The portal went away, or the stream was ended here (token expired, NATS gone).
    request.raw.on('close', close);
    raw.on('close', close);
  }
}
