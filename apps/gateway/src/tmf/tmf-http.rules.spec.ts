import { parseListQuery, selectFields, tmfWithoutTrailingSlash } from './tmf-http.rules';

describe('TMF HTTP rules', () => {
  it('reads offset, limit and fields; every other parameter is a filter', () => {
    expect(parseListQuery({ severity: 'High', fields: 'id,status', offset: '10', limit: '5' })).toEqual({ offset: 10, limit: 5, fields: ['id', 'status'], filters: { severity: 'High' } });
    expect(parseListQuery({})).toEqual({ offset: 0, limit: 50, fields: undefined, filters: {} });
    expect(() => parseListQuery({ limit: '201' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => parseListQuery({ offset: '-1' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('returns only the attributes named by fields=', () => {
    expect(selectFields({ id: '1', href: '/x', severity: 'High', status: 'closed' }, ['severity', 'status', 'nope'])).toEqual({ severity: 'High', status: 'closed' });
    expect(selectFields({ id: '1' }, undefined)).toEqual({ id: '1' });
  });

  it('drops a trailing slash on the TMF routes only', () => {
    expect(tmfWithoutTrailingSlash('/tmf-api/troubleTicket/v4/troubleTicket/')).toBe('/tmf-api/troubleTicket/v4/troubleTicket');
    expect(tmfWithoutTrailingSlash('/tmf-api/troubleTicket/v4/troubleTicket/?limit=1')).toBe('/tmf-api/troubleTicket/v4/troubleTicket?limit=1');
    expect(tmfWithoutTrailingSlash('/api/v1/faults/')).toBe('/api/v1/faults/');
  });
});
