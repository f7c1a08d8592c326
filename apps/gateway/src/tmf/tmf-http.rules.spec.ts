import { parseHub, parseListQuery, selectFields, tmfWithoutTrailingSlash } from './tmf-http.rules';

describe('TMF HTTP rules', () => {
  it('reads offset, limit and fields; every other parameter is a filter', () => {
    expect(parseListQuery({ severity: 'High', fields: 'id,status', offset: '10', limit: '5' })).toEqual({ offset: 10, limit: 5, fields: ['id', 'status'], filters: { severity: 'High' } });
    expect(parseListQuery({})).toEqual({ offset: 0, limit: 50, fields: undefined, filters: {} });
    expect(() => parseListQuery({ limit: '201' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => parseListQuery({ offset: '-1' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('returns only the attributes named by fields= (v4), and always id, href and @type besides in v5', () => {
    const ticket = { id: '1', href: '/x', '@type': 'TroubleTicket', severity: 'High', status: 'closed' };
    expect(selectFields(ticket, ['severity', 'status', 'nope'], 'v4')).toEqual({ severity: 'High', status: 'closed' });
    expect(selectFields(ticket, ['severity'], 'v5')).toEqual({ id: '1', href: '/x', '@type': 'TroubleTicket', severity: 'High' });
    expect(selectFields({ id: '1' }, undefined, 'v5')).toEqual({ id: '1' });
  });

  it('takes a hub subscription with a string callback, query and @type; refuses anything else naming the field', () => {
    expect(parseHub({ '@type': 'Hub', callback: 'http://h/l', query: 'eventType=TroubleTicketCreateEvent' }, 'v5')).toEqual({ callback: 'http://h/l', query: 'eventType=TroubleTicketCreateEvent' });
    expect(parseHub({ callback: 'http://h/l' }, 'v5')).toEqual({ callback: 'http://h/l' });
    expect(parseHub({ callback: 'http://h/l', query: null }, 'v4')).toEqual({ callback: 'http://h/l' });
    for (const bad of [undefined, [], { callback: 'x', query: null }, { callback: 'x', '@type': 7 }, { callback: 'x', '@baseType': null }, { query: 'x' }]) {
      expect(() => parseHub(bad, 'v5')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });

  it('drops a trailing slash on the TMF routes only', () => {
    expect(tmfWithoutTrailingSlash('/tmf-api/troubleTicket/v4/troubleTicket/')).toBe('/tmf-api/troubleTicket/v4/troubleTicket');
    expect(tmfWithoutTrailingSlash('/tmf-api/troubleTicket/v4/troubleTicket/?limit=1')).toBe('/tmf-api/troubleTicket/v4/troubleTicket?limit=1');
    expect(tmfWithoutTrailingSlash('/api/v1/faults/')).toBe('/api/v1/faults/');
  });
});
