import { negotiate, parseAccept, weightOf } from './negotiation';

const OFFERED = [
  { key: 'json', media: 'application/json' },
  { key: 'html', media: 'text/html' },
  { key: 'pdf', media: 'application/pdf' },
] as const;

describe('Accept negotiation', () => {
  it('answers the default without a header, for */* and on ties', () => {
    expect(negotiate(undefined, OFFERED)).toBe('json');
    expect(negotiate('*/*', OFFERED)).toBe('json');
    expect(negotiate('application/*', OFFERED)).toBe('json');
    expect(negotiate('text/html, application/json', OFFERED)).toBe('json');
  });

  it('picks the highest weight, the most specific range deciding a type', () => {
    expect(negotiate('application/pdf', OFFERED)).toBe('pdf');
    expect(negotiate('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', OFFERED)).toBe('html');
    expect(negotiate('application/pdf;q=0.5, text/html;q=0.4', OFFERED)).toBe('pdf');
    expect(negotiate('application/json;q=0, */*', OFFERED)).toBe('html');
    expect(weightOf(parseAccept('text/*;q=0.3, text/html;q=0.7, */*;q=0.1'), 'text/html')).toBe(0.7);
    expect(weightOf(parseAccept('text/*;q=0.3, */*;q=0.1'), 'text/html')).toBe(0.3);
  });

  it('offers nothing for a type the route does not have, or refused with q=0', () => {
    expect(negotiate('image/png', OFFERED)).toBeNull();
    expect(negotiate('text/csv', OFFERED)).toBeNull();
    expect(negotiate('application/pdf;q=0', OFFERED)).toBeNull();
    expect(negotiate('garbage', OFFERED)).toBe('json');
  });
});
