import { type FormEvent, useEffect, useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { ErrorNote, Field, Section, useAction } from '../components';
import { enumValues, useI18n } from '../i18n';
import { navigate } from '../router';

type Circuit = Schemas['CircuitView'];
type Intake = Schemas['OpenTicketRequest'];

/** A datetime-local value (the browser's time zone) a few minutes ago: the usual fault time of a call just taken. */
function minutesAgo(minutes: number): string {
  const d = new Date(Date.now() - minutes * 60_000 - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/**
 * The intake form (DOMAIN.md §1: customer id code, service type, circuit code, customer name, direction, fault time,
 * symptom, reporter and contact). Staff look the circuit up to fill the rest; a customer's user picks one of its own
 * circuits and reports through the portal.
 */
export function NewTicket({ customerId }: { customerId?: string }) {
  const { t, e } = useI18n();
  const portal = customerId !== undefined;
  const [form, setForm] = useState<Intake>({
    customerCode: '',
    customerName: '',
    serviceType: 'mstp',
    circuitCode: '',
    direction: '',
    faultAt: '',
    symptom: '',
    reporterName: '',
    reporterContact: '',
    channel: portal ? 'portal' : 'hotline',
  });
  const [faultAt, setFaultAt] = useState(() => minutesAgo(5));
  const [circuits, setCircuits] = useState<Circuit[]>([]);
  const [lookupNote, setLookupNote] = useState('');
  const lookup = useAction();
  const submit = useAction();
  const set = (key: keyof Intake) => (ev: { target: { value: string } }) => setForm({ ...form, [key]: ev.target.value });

  const fill = async (circuit: Circuit) => {
    const customer = await must(api.GET('/api/v1/customers/{id}', { params: { path: { id: circuit.customerId } } }));
    setForm((f) => ({
      ...f,
      circuitCode: circuit.code,
      serviceType: circuit.serviceType,
      customerCode: customer.code,
      customerName: customer.name,
      direction: f.direction || `${circuit.aEnd.city}—${circuit.zEnd.city}`,
    }));
    setLookupNote(`${customer.name} · ${e('service', circuit.serviceType)} · ${circuit.bandwidthMbps} Mbps · ${circuit.business}`);
  };
  useEffect(() => {
    if (!portal) return;
    void must(api.GET('/api/v1/circuits', { params: { query: { limit: 200 } } })).then((p) => setCircuits(p.items));
  }, [portal]);

  const findCircuit = () =>
    lookup.run(async () => {
      setLookupNote('');
      // The route matches the start of the code: the exact one if it is among them, else the only one.
      const code = form.circuitCode.trim();
      const page = await must(api.GET('/api/v1/circuits', { params: { query: { code, limit: 20 } } }));
      const found = page.items.find((c) => c.code === code) ?? (page.items.length === 1 ? page.items[0] : undefined);
      if (!found) {
        setLookupNote(t('circuitNotFound'));
        return;
      }
      await fill(found);
    });

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    void submit.run(async () => {
      const body: Intake = { ...form, faultAt: new Date(faultAt).toISOString() };
      if (body.channel !== 'hotline') delete body.hotlineWaitSeconds;
      if (body.channel !== 'machine_room') delete body.firstAskedUnit;
      const ticket = await must(api.POST('/api/v1/faults', { body }));
      navigate(`/tickets/${ticket.id}`);
    });
  };

  return (
    <Section title={portal ? t('reportFault') : t('newTicket')}>
      <form className="grid-form" onSubmit={onSubmit} aria-label={t('newTicket')}>
        {portal ? (
          <Field label={t('circuit')} wide>
            <select
              name="circuitCode"
              value={form.circuitCode}
              required
              onChange={(ev) => {
                const c = circuits.find((x) => x.code === ev.target.value);
                if (c) void fill(c);
              }}
            >
              <option value="">—</option>
              {circuits.map((c) => (
                <option key={c.id} value={c.code}>
                  {c.code} · {c.business}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <Field label={t('circuit')} wide>
            <span className="inline">
              <input
                name="circuitCode"
                value={form.circuitCode}
                onChange={set('circuitCode')}
                required
                placeholder={t('lookUpHint')}
                // Enter in the code looks the circuit up, as a keyboard user expects, instead of submitting the half-filled form.
                onKeyDown={(ev) => {
                  if (ev.key !== 'Enter') return;
                  ev.preventDefault();
                  if (form.circuitCode.trim() && !lookup.busy) void findCircuit();
                }}
              />
              <button type="button" onClick={() => void findCircuit()} disabled={lookup.busy || !form.circuitCode.trim()}>
                {t('lookUp')}
              </button>
            </span>
          </Field>
        )}
        {lookupNote && <p className="note wide" data-testid="circuit-note">{lookupNote}</p>}
        <ErrorNote error={lookup.error} />
        <Field label={t('customerCode')}>
          <input name="customerCode" value={form.customerCode} onChange={set('customerCode')} required readOnly={portal} />
        </Field>
        <Field label={t('customerName')}>
          <input name="customerName" value={form.customerName} onChange={set('customerName')} required readOnly={portal} />
        </Field>
        <Field label={t('serviceType')}>
          <select name="serviceType" value={form.serviceType} onChange={set('serviceType')} disabled={portal}>
            {enumValues('service').map((s) => (
              <option key={s} value={s}>
                {e('service', s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('direction')}>
          <input name="direction" value={form.direction} onChange={set('direction')} required />
        </Field>
        <Field label={t('faultAt')}>
          <input name="faultAt" type="datetime-local" value={faultAt} onChange={(ev) => setFaultAt(ev.target.value)} required />
        </Field>
        {!portal && (
          <Field label={t('channel')}>
            <select name="channel" value={form.channel} onChange={set('channel')}>
              {enumValues('channel').map((s) => (
                <option key={s} value={s}>
                  {e('channel', s)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {form.channel === 'machine_room' && (
          <Field label={t('unit')}>
            <input name="firstAskedUnit" value={form.firstAskedUnit ?? ''} onChange={set('firstAskedUnit')} required />
          </Field>
        )}
        <Field label={t('symptom')} wide>
          <textarea name="symptom" value={form.symptom} onChange={set('symptom')} required rows={3} />
        </Field>
        <Field label={t('reporterName')}>
          <input name="reporterName" value={form.reporterName} onChange={set('reporterName')} required />
        </Field>
        <Field label={t('reporterContact')}>
          <input name="reporterContact" value={form.reporterContact} onChange={set('reporterContact')} required />
        </Field>
        <ErrorNote error={submit.error} />
        <div className="actions wide">
          <button type="submit" disabled={submit.busy}>
            {t('submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}
