import { applyDecorators, Injectable, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, DocumentFormat, ReportDocument } from '@app/shared';
import { negotiate } from './negotiation';

/** Rendering a PDF may launch Chromium first: longer than an ordinary request's RPC timeout. */
export const DOCUMENT_RPC_TIMEOUT_MS = 30_000;

const OFFERED = [
  { key: 'json', media: 'application/json' },
  { key: 'html', media: 'text/html' },
  { key: 'pdf', media: 'application/pdf' },
] as const;

/** The HTML loads nothing and runs nothing: styles inline, charts inline SVG. */
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The formal reports' routes answer JSON (the default), `Accept: text/html` with the print-ready HTML and
 * `Accept: application/pdf` with the PDF (an attachment named after the report); anything else is 406.
 */
@Injectable()
export class ReportDocuments {
  async answer<T>(request: FastifyRequest, reply: FastifyReply, json: () => Promise<T>, document: (format: DocumentFormat) => Promise<ReportDocument>): Promise<T | string | Buffer> {
    const format = negotiate(request.headers.accept, OFFERED);
    if (format === null) throw new AppError('NOT_ACCEPTABLE', 'This report is offered as application/json, text/html or application/pdf');
    if (format === 'json') return json();
    const doc = await document(format);
    void reply.header('content-type', doc.contentType).header('content-disposition', disposition(format === 'pdf' ? 'attachment' : 'inline', doc.fileName)).header('cache-control', 'private, no-store');
    if (format === 'html') void reply.header('content-security-policy', DOCUMENT_CSP);
    return doc.encoding === 'base64' ? Buffer.from(doc.body, 'base64') : doc.body;
  }
}

/** RFC 6266: an ASCII fallback name and the real (Chinese) one in UTF-8. */
export function disposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '').replace(/^[-.\s]+/, '') || 'report';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** OpenAPI: the route answers `type` as JSON, and the report as HTML or PDF. */
export function ApiDocuments(type: Type<unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(type),
    ApiOkResponse({
      description: 'JSON by default; `Accept: text/html`: the print-ready document (Chinese, A4); `Accept: application/pdf`: the same as PDF, an attachment. Any other Accept: 406.',
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        'text/html': { schema: { type: 'string' } },
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
      },
    }),
  );
}
