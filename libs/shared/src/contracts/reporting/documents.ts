import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { rpc } from '../contract';
import { AnalysisReportRequest } from './analysis-report';

/** The printable forms of the formal reports: print-ready HTML, and PDF rendered from it by headless Chromium. */
export const DOCUMENT_FORMATS = ['html', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const DOCUMENT_MEDIA_TYPES: Record<DocumentFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

export class FaultReportDocumentRequest {
  @IsUUID() ticketId!: string;
  @IsIn(DOCUMENT_FORMATS) format!: DocumentFormat;
}

export class AnalysisReportDocumentRequest extends AnalysisReportRequest {
  @IsIn(DOCUMENT_FORMATS) format!: DocumentFormat;
}

/**
 * A rendered document as it travels back over NATS: HTML as text, PDF as base64. Documents are kept small (inline SVG
 * charts, system fonts subset by Chromium) so the answer stays well under NATS's 1 MB max payload.
 */
export class ReportDocument {
  @ApiProperty({ enum: DOCUMENT_FORMATS }) format!: DocumentFormat;
  @ApiProperty({ example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ example: '故障报告-F20261102-0001.pdf' }) fileName!: string;
  @ApiProperty({ enum: ['utf8', 'base64'] }) encoding!: 'utf8' | 'base64';
  @ApiProperty() body!: string;
}

export const ReportDocumentRpc = {
  faultReport: rpc<FaultReportDocumentRequest, ReportDocument>('rpc.reporting.documents.fault-report', FaultReportDocumentRequest),
  analysisReport: rpc<AnalysisReportDocumentRequest, ReportDocument>('rpc.reporting.documents.analysis-report', AnalysisReportDocumentRequest),
};
