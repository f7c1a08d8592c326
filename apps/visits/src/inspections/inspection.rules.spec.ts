import { AppError } from '@app/shared';
import { ChecklistItem } from './checklist.rules';
import { assertFixable, dangerOnAbnormal, expectedText, isNormal, judge, rectificationClock, resultProblems } from './inspection.rules';

const rx: ChecklistItem = { key: 'rx_power', label: '光接收功率', kind: 'range', min: -25, max: -8, unit: 'dBm' };
const alarms: ChecklistItem = { key: 'alarms_none', label: '设备无告警', kind: 'yesno', expectedYes: true };
const tempAlarm: ChecklistItem = { key: 'temp_alarm', label: '设备有温度告警', kind: 'yesno', expectedYes: false };
const version: ChecklistItem = { key: 'firmware', label: '软件版本', kind: 'value', expected: 'V2.1' };
const fans: ChecklistItem = { key: 'fans', label: '风扇数量', kind: 'value', expected: 4 };
const items = [rx, alarms, tempAlarm, version, fans];

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('not refused');
}

describe('judging inspection results', () => {
  it('a range holds its bounds (inclusive)', () => {
    expect(isNormal(rx, -25)).toBe(true);
    expect(isNormal(rx, -8)).toBe(true);
    expect(isNormal(rx, -12.5)).toBe(true);
    expect(isNormal(rx, -25.01)).toBe(false);
    expect(isNormal(rx, -7.99)).toBe(false);
  });

  it('a yes/no item is normal when it is the expected answer', () => {
    expect(isNormal(alarms, true)).toBe(true);
    expect(isNormal(alarms, false)).toBe(false);
    expect(isNormal(tempAlarm, false)).toBe(true);
    expect(isNormal(tempAlarm, true)).toBe(false);
  });

  it('a value item equals the expected text (trimmed) or number', () => {
    expect(isNormal(version, ' V2.1 ')).toBe(true);
    expect(isNormal(version, 'V2.0')).toBe(false);
    expect(isNormal(fans, 4)).toBe(true);
    expect(isNormal(fans, 3)).toBe(false);
  });

  it('states what is expected as people read it', () => {
    expect(expectedText(rx)).toBe('-25 – -8 dBm');
    expect(expectedText(alarms)).toBe('是');
    expect(expectedText(tempAlarm)).toBe('否');
    expect(expectedText(fans)).toBe('4');
  });

  it('judges each item once, in the order of the template', () => {
    const judged = judge(items, [
      { key: 'fans', value: 4 },
      { key: 'rx_power', value: -27.3, note: '尾纤弯折', severity: 'major' },
      { key: 'alarms_none', value: true },
      { key: 'temp_alarm', value: false },
      { key: 'firmware', value: 'V2.1' },
    ]);
    expect(judged.map((j) => [j.key, j.normal])).toEqual([
      ['rx_power', false],
      ['alarms_none', true],
      ['temp_alarm', true],
      ['firmware', true],
      ['fans', true],
    ]);
    expect(judged[0]).toMatchObject({ label: '光接收功率', expected: '-25 – -8 dBm', note: '尾纤弯折', severity: 'major' });
  });

  it('refuses missing, doubled, unknown and mistyped results with 422 CHECKLIST_RESULTS_INVALID naming each key', () => {
    const err = refusal(() =>
      judge(items, [
        { key: 'rx_power', value: 'low' },
        { key: 'alarms_none', value: true },
        { key: 'alarms_none', value: false },
        { key: 'temp_alarm', value: 0 },
        { key: 'fans', value: '4' },
        { key: 'humidity', value: 40 },
      ]),
    );
    expect(err.code).toBe('CHECKLIST_RESULTS_INVALID');
    expect(err.details!.fields!.map((f) => f.field).sort()).toEqual(['results.alarms_none', 'results.fans', 'results.firmware', 'results.humidity', 'results.rx_power', 'results.temp_alarm']);
    expect(resultProblems([rx], [{ key: 'rx_power', value: -10 }])).toEqual([]);
  });
});

describe('hidden dangers', () => {
  it('an abnormal item finds a new danger, reopens a fixed one, and leaves an open one as it is', () => {
    expect(dangerOnAbnormal(null)).toBe('found');
    expect(dangerOnAbnormal({ status: 'fixed' })).toBe('reopened');
    expect(dangerOnAbnormal({ status: 'open' })).toBe('still-open');
    expect(dangerOnAbnormal({ status: 'reopened' })).toBe('still-open');
  });

  it('rectification runs for rectificationWorkingDays, warned taskWarnWorkingDays before (none at 0)', () => {
    expect(rectificationClock({ rectificationWorkingDays: 10, taskWarnWorkingDays: 1 })).toEqual({ workingDays: 10, warnWorkingDaysBefore: [1] });
    expect(rectificationClock({ rectificationWorkingDays: 5, taskWarnWorkingDays: 0 })).toEqual({ workingDays: 5, warnWorkingDaysBefore: [] });
  });

  it('closes only with a fix and its evidence, and only once', () => {
    expect(assertFixable('open', { fix: ' 更换尾纤 ', evidence: '照片 #12' })).toEqual({ fix: '更换尾纤', evidence: '照片 #12' });
    expect(refusal(() => assertFixable('reopened', { fix: '更换尾纤' }))).toMatchObject({ code: 'FIX_EVIDENCE_REQUIRED', details: { fields: [{ field: 'evidence' }] } });
    expect(refusal(() => assertFixable('open', { fix: '更换尾纤', evidence: '  ' })).code).toBe('FIX_EVIDENCE_REQUIRED');
    expect(refusal(() => assertFixable('fixed', { fix: 'x', evidence: 'y' })).code).toBe('INVALID_TRANSITION');
  });
});
