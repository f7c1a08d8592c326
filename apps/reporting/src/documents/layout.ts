import { html, Html, raw } from './html';

/** Who issues the documents (the title block's 编制单位). */
export const OPERATOR_NAME = '政企客户网络运维中心';

/**
 * The page every document shares: A4 with margins, page numbers in the footer (CSS page margin boxes, honoured by
 * Chromium when printing and when rendering the PDF), table headers repeated on every page, no row split across
 * pages, inline CSS and system CJK fonts only: the HTML loads nothing.
 */
const CSS = `
@page { size: A4; margin: 18mm 16mm 20mm 16mm;
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #555;
    font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt;
  line-height: 1.55; color: #1b1b1b; margin: 0; }
@media screen { body { max-width: 210mm; margin: 12mm auto; padding: 0 16mm; background: #fff; } }
.doc-head { border-bottom: 2.5pt solid #1f5fa8; padding-bottom: 6pt; margin-bottom: 10pt; }
.doc-head .issuer { font-size: 10pt; color: #1f5fa8; letter-spacing: 1pt; }
h1 { font-size: 20pt; text-align: center; margin: 6pt 0 8pt; letter-spacing: 4pt; }
.status { text-align: center; font-size: 10pt; color: #b03a48; margin-top: -4pt; }
h2 { font-size: 12.5pt; border-left: 4pt solid #1f5fa8; padding-left: 6pt; margin: 14pt 0 6pt; break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; }
th, td { border: 0.75pt solid #8a96a3; padding: 3pt 6pt; vertical-align: top; text-align: left; word-break: break-word; }
thead { display: table-header-group; }
thead th { background: #e8eef5; font-weight: 700; }
tr { break-inside: avoid; }
table.meta th { width: 16%; background: #f3f6f9; font-weight: 600; white-space: nowrap; }
table.meta td { width: 34%; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.wide { table-layout: fixed; font-size: 9pt; }
table.wide th, table.wide td { padding: 2pt 4pt; }
figure { margin: 6pt 0 10pt; break-inside: avoid; }
figcaption { text-align: center; font-size: 9.5pt; color: #333; margin-top: 2pt; }
.text { white-space: pre-wrap; margin: 0 0 6pt; }
.note { font-size: 9pt; color: #555; }
.sign { margin-top: 16pt; display: flex; justify-content: space-between; font-size: 10pt; break-inside: avoid; }
`;

export function documentPage(title: string, body: Html): string {
  return html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(CSS)}</style>
</head>
<body>
${body}
</body>
</html>
`.text;
}
