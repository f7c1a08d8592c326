import { allowedHosts, checkCallback, hubPayload, parseQuery, retryDelayMs } from './hub.rules';

describe('TMF621 hub rules', () => {
  const allowed = allowedHosts(' oss.example.net , 127.0.0.1:8080 ');

  it('calls back only allowed hosts (any port of a bare host, the named port otherwise), over http(s), without credentials', () => {
    expect(checkCallback('https://oss.example.net/listener', allowed)).toBe('https://oss.example.net/listener');
    expect(checkCallback('http://OSS.example.net:9000/l', allowed)).toBe('http://oss.example.net:9000/l');
    expect(checkCallback('http://127.0.0.1:8080/l', allowed)).toBe('http://127.0.0.1:8080/l');
    for (const refused of ['http://127.0.0.1:8081/l', 'http://169.254.169.254/', 'ftp://oss.example.net/', 'https://u:p@oss.example.net/', 'not a url']) {
      expect(() => checkCallback(refused, allowed)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
    expect(() => checkCallback('http://oss.example.net/', allowedHosts(''))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('filters by eventType only', () => {
    expect(parseQuery(undefined)).toBeNull();
    expect(parseQuery('')).toBeNull();
    expect(parseQuery('eventType=TroubleTicketCreateEvent,TroubleTicketResolvedEvent')).toEqual(['TroubleTicketCreateEvent', 'TroubleTicketResolvedEvent']);
    expect(() => parseQuery('eventType=Nope')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => parseQuery('status=closed')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('backs off 1 s, 2 s, 4 s … up to 5 minutes', () => {
    expect([1, 2, 3, 4, 9, 10, 20].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 256_000, 300_000, 300_000]);
  });

  it('shapes the notification as TMF621 does', () => {
    expect(hubPayload('e1', 'TroubleTicketResolvedEvent', '2026-11-02T02:00:00.000Z', { id: 't' })).toEqual({
      eventId: 'e1',
      eventTime: '2026-11-02T02:00:00.000Z',
      eventType: 'TroubleTicketResolvedEvent',
      '@type': 'TroubleTicketResolvedEvent',
      event: { troubleTicket: { id: 't' } },
    });
  });
});
