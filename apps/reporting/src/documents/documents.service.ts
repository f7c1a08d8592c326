import { Injectable } from '@nestjs/common';
import { AnalysisReportDocumentRequest, AppError, Caller, Clock, DOCUMENT_MEDIA_TYPES, DocumentFormat, FaultReportDocumentRequest, ReportDocument } from '@app/shared';
import { AnalysisService } from '../analysis/analysis.service';
import { analysisReportFileName, analysisReportHtml } from './analysis-report.document';
import { FaultReportsService } from '../fault-reports/fault-reports.service';
import { faultReportFileName, faultReportHtml } from './fault-report.document';
import { PdfRenderer } from './pdf-renderer';

/**
 * The largest document sent back: its base64 (4/3 of it) plus the reply envelope stays under NATS's default 1 MB
 * max payload, which the platform keeps (docker-compose and the test servers run with the default).
 */
export const MAX_DOCUMENT_BYTES = 700_000;

/** The formal reports as printable documents: the same data and the same customer confinement as their JSON. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly faultReports: FaultReportsService,
    private readonly analysis: AnalysisService,
    private readonly renderer: PdfRenderer,
    private readonly clock: Clock,
  ) {}

  async faultReport(req: FaultReportDocumentRequest, caller: Caller): Promise<ReportDocument> {
    // The JSON route's answer, in the caller's view: a customer's user gets its own customer's submitted versions only.
    const view = await this.faultReports.get({ ticketId: req.ticketId }, caller);
    return this.document(req.format, faultReportHtml(view, this.clock.now()), (ext) => faultReportFileName(view, ext));
  }

  async analysisReport(req: AnalysisReportDocumentRequest, caller: Caller): Promise<ReportDocument> {
    // The customer's document whoever asks: a customer's user is confined to its own customer by the service, and
    // staff get exactly what that customer's user would (causes as told, counted as told).
    const { format, ...query } = req;
    if (caller.customerId !== undefined && caller.customerId !== req.customerId) throw new AppError('CUSTOMER_NOT_FOUND', `No customer ${req.customerId}`);
    const view = await this.analysis.get(query, { ...caller, customerId: req.customerId });
    return this.document(format, analysisReportHtml(view, this.clock.now()), (ext) => analysisReportFileName(view, ext));
  }

  private async document(format: DocumentFormat, html: string, fileName: (ext: DocumentFormat) => string): Promise<ReportDocument> {
    const base = { format, contentType: DOCUMENT_MEDIA_TYPES[format], fileName: fileName(format) };
    if (format === 'html') return { ...base, encoding: 'utf8', body: this.fits(html, Buffer.byteLength(html)) };
    const pdf = await this.renderer.pdf(html);
    return { ...base, encoding: 'base64', body: this.fits(pdf.toString('base64'), pdf.length) };
  }

  private fits(body: string, bytes: number): string {
    if (bytes > MAX_DOCUMENT_BYTES) {
      throw new AppError('DOCUMENT_TOO_LARGE', `The document would be ${bytes} bytes, more than the ${MAX_DOCUMENT_BYTES} a reply carries: ask for its JSON or CSV instead`, { bytes, maxBytes: MAX_DOCUMENT_BYTES });
    }
    return body;
  }
}
