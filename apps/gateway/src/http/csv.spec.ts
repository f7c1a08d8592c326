import { csvNegotiation, tableRows, toCsv } from './csv';

describe('CSV', () => {
  it('starts with a byte-order mark, takes its header from the keys and flattens nested objects and arrays', () => {
    const csv = toCsv([
      { group: 'a', byKind: { routine: 1, crisis: 0 }, tags: ['x', 'y'], rate: null },
      { group: 'b', extra: true },
    ]);
    expect(csv).toBe('\uFEFFgroup,byKind.routine,byKind.crisis,tags,rate,extra\r\na,1,0,x;y,,\r\nb,,,,,true\r\n');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and keeps Chinese as it is', () => {
    expect(toCsv([{ name: '某银行, "广州"\n分行' }])).toBe('\uFEFFname\r\n"某银行, ""广州""\n分行"\r\n');
  });

  it('neutralises cells a spreadsheet would run as a formula, but not numbers', () => {
    const csv = toCsv([{ a: '=SUM(A1)', b: '+1', c: '-2', d: '@cmd', e: -3, f: '\tx' }]);
    expect(csv.split('\r\n')[1]).toBe(`'=SUM(A1),'+1,'-2,'@cmd,-3,'\tx`);
  });

  it('knows a table: a page or an array, nothing else', () => {
    expect(tableRows({ items: [1], limit: 50, hasMore: false })).toEqual([1]);
    expect(tableRows([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(tableRows({ id: 'x', items: [] })).toBeNull();
  });

  it('negotiates: CSV when named and preferred; JSON stays acceptable unless only CSV is asked for', () => {
    expect(csvNegotiation(undefined)).toEqual({ wantsCsv: false, jsonAcceptable: true });
    expect(csvNegotiation('text/csv')).toEqual({ wantsCsv: true, jsonAcceptable: false });
    expect(csvNegotiation('text/csv, application/json;q=0.5')).toEqual({ wantsCsv: true, jsonAcceptable: true });
    expect(csvNegotiation('application/json, text/csv;q=0.5')).toEqual({ wantsCsv: false, jsonAcceptable: true });
    expect(csvNegotiation('*/*')).toEqual({ wantsCsv: false, jsonAcceptable: true });
  });
});
