import { ManualClock } from '@app/shared';
import { DocumentsService, MAX_DOCUMENT_BYTES } from './documents.service';
import { PdfRenderer } from './pdf-renderer';

describe('report documents: what a reply can carry', () => {
  const withPdfOf = (bytes: number) =>
    new DocumentsService(undefined as never, undefined as never, { pdf: async () => Buffer.alloc(bytes) } as unknown as PdfRenderer, new ManualClock('2026-12-01T00:00:00Z'));
  const render = (service: DocumentsService) =>
    (service as unknown as { document: (format: string, html: string, name: (ext: string) => string) => Promise<{ encoding: string; body: string }> }).document('pdf', '<p>报告</p>', (ext) => `report.${ext}`);

  it('sends a PDF up to the limit, base64-encoded', async () => {
    const doc = await render(withPdfOf(MAX_DOCUMENT_BYTES));
    expect(doc.encoding).toBe('base64');
    expect(Buffer.from(doc.body, 'base64').length).toBe(MAX_DOCUMENT_BYTES);
  });

  it('refuses a larger one with a client error saying what to ask for instead, not a 500', async () => {
    await expect(render(withPdfOf(MAX_DOCUMENT_BYTES + 1))).rejects.toMatchObject({ code: 'DOCUMENT_TOO_LARGE', details: { bytes: MAX_DOCUMENT_BYTES + 1, maxBytes: MAX_DOCUMENT_BYTES } });
  });
});
