import { useEffect, useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { ErrorNote, Section, useAction } from '../components';
import { useOpsI18n } from '../ops-i18n';

type Situation = Schemas['CooperationDto'];
type End = 'A' | 'Z';
type Timeline = Schemas['TimelineEntryView'];
type Plan = Schemas['LoopbackPlanView'];
type PlannedLoop = Schemas['PlannedLoopView'];
type FaultySegment = Schemas['FaultySegmentView'];

/** A loop-test entry of the ticket's timeline, as the fault service records it. */
interface LoopRecord {
  end: End;
  site: string;
  direction: string;
  results: Partial<Record<End, 'received' | 'notReceived'>>;
  situation?: Situation;
}

/** The ticket's segment a localised fault lies in: the backbone, or the access segment of its end. */
const ticketSegment = (f: FaultySegment) => (f.segment === 'backbone' ? 'backbone' : f.end === 'Z' ? 'z_access' : 'a_access');

/**
 * 打环测试 (§2.3.1.5): the NOC sets who can cooperate, the fault service proposes the next loop from the tests recorded,
 * each result is recorded in turn, until the plan concludes the faulty segment.
 */
export default function LoopbackPanel({ ticketId, timeline, onDone }: { ticketId: string; timeline: Timeline[]; onDone: () => Promise<void> }) {
  const { o, oe, e, time } = useOpsI18n();
  const records = timeline.filter((r) => r.type === 'loop-test');
  const last = records.at(-1)?.detail as unknown as LoopRecord | undefined;
  const [situation, setSituation] = useState<Situation>(() => last?.situation ?? { cooperation: 'bothEnds' });
  const [plan, setPlan] = useState<Plan>();
  const [results, setResults] = useState<Record<string, 'received' | 'notReceived'>>({});
  const load = useAction();
  const record = useAction();
  const absent: End[] = situation.cooperation === 'neitherEnd' ? ['A', 'Z'] : situation.cooperation === 'oneEnd' ? [situation.cooperatingEnd === 'Z' ? 'A' : 'Z'] : [];
  const query = { ...situation, ...(situation.staffOnSite?.length ? { staffOnSite: situation.staffOnSite } : { staffOnSite: undefined }) };
  useEffect(() => {
    void load.run(async () => setPlan(await must(api.GET('/api/v1/faults/{id}/loopback-plan', { params: { path: { id: ticketId }, query } }))));
    // The plan follows the situation and every recorded test.
  }, [ticketId, JSON.stringify(query), records.length]);

  const setCooperation = (cooperation: Situation['cooperation']) =>
    setSituation(cooperation === 'oneEnd' ? { cooperation, cooperatingEnd: situation.cooperatingEnd ?? 'A' } : { cooperation });
  const toggleStaff = (end: End, on: boolean) => {
    const now = new Set(situation.staffOnSite ?? []);
    if (on) now.add(end);
    else now.delete(end);
    setSituation({ ...situation, staffOnSite: [...now].sort() });
  };
  const key = (l: PlannedLoop) => `${l.end}/${l.site}/${l.direction}`;
  const submit = (l: PlannedLoop) =>
    void record.run(async () => {
      const body = { situation: query, end: l.end, site: l.site, direction: l.direction, results: { [l.observedBy.end]: results[key(l)] ?? 'received' } };
      setPlan(await must(api.POST('/api/v1/faults/{id}/loop-tests', { params: { path: { id: ticketId } }, body })));
      await onDone();
    });

  return (
    <Section title={o('loopback')}>
      <div className="filters" data-testid="loopback-situation">
        <label>
          {o('cooperation')}
          <select name="cooperation" value={situation.cooperation} onChange={(ev) => setCooperation(ev.target.value as Situation['cooperation'])}>
            {(['bothEnds', 'oneEnd', 'neitherEnd'] as const).map((c) => (
              <option key={c} value={c}>
                {oe('cooperation', c)}
              </option>
            ))}
          </select>
        </label>
        {situation.cooperation === 'oneEnd' && (
          <label>
            {o('cooperatingEnd')}
            <select name="cooperatingEnd" value={situation.cooperatingEnd} onChange={(ev) => setSituation({ ...situation, cooperatingEnd: ev.target.value as End, staffOnSite: [] })}>
              <option value="A">A{o('end')}</option>
              <option value="Z">Z{o('end')}</option>
            </select>
          </label>
        )}
        {absent.map((end) => (
          <label key={end}>
            <input type="checkbox" name={`staffOnSite-${end}`} checked={situation.staffOnSite?.includes(end) ?? false} onChange={(ev) => toggleStaff(end, ev.target.checked)} />
            {end}
            {o('end')} {o('staffOnSite')}
          </label>
        ))}
      </div>
      <ErrorNote error={load.error} />

      {plan?.kind === 'nextTest' && (
        <div className="loop-next" data-testid="loopback-next" data-rule={plan.rule}>
          <h3>
            {o('nextLoop')} <span className="sub">{`${o('rule')} 三.${plan.rule}`}</span>
          </h3>
          {(plan.dispatchStaffTo ?? []).length > 0 && <p className="tag warn">{`${o('dispatchStaffTo')}：${(plan.dispatchStaffTo ?? []).map((end) => `${end}${o('end')}`).join('、')}`}</p>}
          <table>
            <thead>
              <tr>
                <th>{o('loopEnd')}</th>
                <th>{o('loopSite')}</th>
                <th>{o('loopDirection')}</th>
                <th>{o('observedBy')}</th>
                <th>{o('loopResult')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(plan.loops ?? []).map((l) => (
                <tr key={key(l)} data-loop={key(l)}>
                  <td>
                    {l.end}
                    {o('end')}
                  </td>
                  <td>{oe('site', l.site)}</td>
                  <td>{oe('direction', l.direction)}</td>
                  <td>{`${l.observedBy.end}${o('end')} ${oe('observer', l.observedBy.by)}`}</td>
                  <td>
                    <select aria-label={`${o('loopResult')} ${key(l)}`} value={results[key(l)] ?? 'received'} onChange={(ev) => setResults({ ...results, [key(l)]: ev.target.value as 'received' | 'notReceived' })}>
                      <option value="received">{oe('loopResult', 'received')}</option>
                      <option value="notReceived">{oe('loopResult', 'notReceived')}</option>
                    </select>
                  </td>
                  <td>
                    <button type="button" disabled={record.busy} onClick={() => submit(l)}>
                      {o('record')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {plan && plan.kind !== 'nextTest' && (
        <div className="loop-conclusion" data-testid="loopback-conclusion" data-kind={plan.kind}>
          <h3>{o('conclusion')}</h3>
          {plan.kind === 'sendStaffToBothSites' ? (
            <p className="tag warn">{oe('faulty', 'sendStaffToBothSites')}</p>
          ) : (
            <ul>
              {(plan.faults ?? []).map((f, i) => (
                <li key={i} data-segment={ticketSegment(f)}>
                  <strong>{`${f.end ? `${f.end}${o('end')} ` : ''}${oe('faulty', f.segment)}`}</strong>
                  {` · ${o('pointsTo')}：`}
                  <span className="tag bad">{e('segment', ticketSegment(f))}</span>
                  {f.narrowBy && <span className="sub">{` ${o('narrowBy')}：${oe('narrowBy', f.narrowBy)}`}</span>}
                  <span className="sub">{` ${o('rule')} 三.${f.rule}`}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorNote error={record.error} />

      <h3>{o('recordedTests')}</h3>
      {records.length === 0 ? (
        <p className="empty">{o('noLoopTests')}</p>
      ) : (
        <table data-testid="loopback-records">
          <tbody>
            {records.map((r, i) => {
              const d = r.detail as unknown as LoopRecord;
              const observed = (Object.entries(d.results) as [End, string][])[0];
              return (
                <tr key={i}>
                  <td>{time(r.at)}</td>
                  <td>{`${d.end}${o('end')} ${oe('site', d.site)} · ${oe('direction', d.direction)}`}</td>
                  <td>
                    {observed && (
                      <span className={observed[1] === 'received' ? 'tag' : 'tag bad'}>{`${observed[0]}${o('end')} ${oe('loopResult', observed[1])}`}</span>
                    )}
                  </td>
                  <td className="sub">{r.by}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}
