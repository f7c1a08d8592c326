import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppError, FaultTmfRpc, NotifierHubRpc, TMF_VERSIONS, TmfVersion } from '@app/shared';
import { NatsLink } from '../http/nats-link';
import { Allow, Public } from '../identity/access';
import { tmfDocument } from './tmf-documents';
import { TmfErrorFilter } from './tmf-errors';
import { bodyObject, parseFields, parseHub, parseListQuery, selectFields } from './tmf-http.rules';

/** Who may use the TMF routes: system clients (role tmf_client), the NOC and the staff who report faults for customers. */
const TmfAccess = () => Allow('tmf_client', 'noc', 'customer_engineer', 'customer_manager');

function versionOf(raw: string): TmfVersion {
  if (!(TMF_VERSIONS as readonly string[]).includes(raw)) throw new AppError('NOT_FOUND', `No TMF621 API ${raw} (served: ${TMF_VERSIONS.join(', ')})`);
  return raw as TmfVersion;
}

/**
 * TMF621 Trouble Ticket, v4 and v5, at /tmf-api/troubleTicket/{version}. Documented by TM Forum's own documents
 * (served at …/{version}/openapi.json), not in the platform's; errors in TMF's shape. The fault service owns the
 * tickets, isolation and the mapping; this only speaks HTTP.
 */
@ApiExcludeController()
@UseFilters(TmfErrorFilter)
@Controller('tmf-api/troubleTicket/:version')
export class TmfTicketsController {
  constructor(private readonly nats: NatsLink) {}

  @Get('openapi.json')
  @Public()
  document(@Param('version') version: string) {
    return tmfDocument(versionOf(version));
  }

  @Get('troubleTicket')
  @TmfAccess()
  async list(@Param('version') version: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const v = versionOf(version);
    const q = parseListQuery(query);
    const page = await this.nats.send(FaultTmfRpc.list, { version: v, filters: q.filters, offset: q.offset, limit: q.limit });
    void reply.header('x-total-count', String(page.total)).header('x-result-count', String(page.items.length));
    return page.items.map((t) => selectFields(t, q.fields, v));
  }

  @Post('troubleTicket')
  @TmfAccess()
  @HttpCode(201)
  async create(@Param('version') version: string, @Body() body: Record<string, unknown> | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const ticket = await this.nats.send(FaultTmfRpc.create, { version: versionOf(version), ticket: body ?? {} });
    void reply.header('location', String(ticket.href));
    return ticket;
  }

  @Get('troubleTicket/:id')
  @TmfAccess()
  async get(@Param('version') version: string, @Param('id') id: string, @Query('fields') fields?: string) {
    const v = versionOf(version);
    return selectFields(await this.nats.send(FaultTmfRpc.get, { version: v, id }), parseFields(fields), v);
  }

  /** JSON merge patch (application/merge-patch+json) or plain JSON with the same meaning; JSON Patch is not offered. */
  @Patch('troubleTicket/:id')
  @TmfAccess()
  async patch(
    @Param('version') version: string,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
    @Headers('content-type') contentType?: string,
    @Query('fields') fields?: string,
  ) {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    // No body at all is a malformed patch (400), not one of another media type.
    if (!contentType && body === undefined) bodyObject(body, 'attributes to change');
    if (type !== 'application/merge-patch+json' && type !== 'application/json') {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send a JSON merge patch: Content-Type application/merge-patch+json (or application/json)');
    }
    const v = versionOf(version);
    return selectFields(await this.nats.send(FaultTmfRpc.patch, { version: v, id, patch: bodyObject(body, 'attributes to change') }), parseFields(fields), v);
  }

  /** TMF621's event hub (kept by the notifier): the callback's host must be allowed by the platform's configuration. */
  @Post('hub')
  @TmfAccess()
  @HttpCode(201)
  async subscribe(@Param('version') version: string, @Body() body: Record<string, unknown> | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const v = versionOf(version);
    const subscription = await this.nats.send(NotifierHubRpc.subscribe, { version: v, ...parseHub(body, v) });
    void reply.header('location', `/tmf-api/troubleTicket/${v}/hub/${subscription.id}`);
    return { ...subscription, '@type': 'Hub' };
  }

  @Delete('hub/:id')
  @TmfAccess()
  @HttpCode(204)
  async unsubscribe(@Param('version') version: string, @Param('id') id: string): Promise<void> {
    await this.nats.send(NotifierHubRpc.unsubscribe, { version: versionOf(version), id });
  }

  /**
   * The client withdraws the report it opened (kept as a record, no longer served): its fault ticket is cancelled
   * when nothing has been done with it yet; otherwise 403 (not its report) or 409 (being handled) with the reason.
   */
  @Delete('troubleTicket/:id')
  @TmfAccess()
  @HttpCode(204)
  async remove(@Param('version') version: string, @Param('id') id: string): Promise<void> {
    await this.nats.send(FaultTmfRpc.withdraw, { version: versionOf(version), id });
  }
}
