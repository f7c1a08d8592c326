import { AppError } from '@app/shared';
import { SHIPPED_CHECKLISTS } from '../migrations/1765420000000-inspections';
import { assertChecklist, ChecklistItem, checklistProblems } from './checklist.rules';

const yes: ChecklistItem = { key: 'labels', label: '标签齐全', kind: 'yesno', expectedYes: true };
const range: ChecklistItem = { key: 'rx_power', label: '光接收功率', kind: 'range', min: -25, max: -8, unit: 'dBm' };
const value: ChecklistItem = { key: 'firmware', label: '软件版本', kind: 'value', expected: 'V2.1' };

describe('checklist template rules', () => {
  it('accepts a sound template, and the two shipped ones', () => {
    expect(checklistProblems([yes, range, value])).toEqual([]);
    for (const c of Object.values(SHIPPED_CHECKLISTS)) expect(checklistProblems(c.items as unknown as ChecklistItem[])).toEqual([]);
  });

  it('refuses a key used twice, naming the later item', () => {
    expect(checklistProblems([yes, range, { ...value, key: 'labels' }])).toEqual([{ field: 'items[2].key', reason: 'duplicates the key of items[0] (labels)' }]);
  });

  it('needs min < max and a unit for a range', () => {
    expect(checklistProblems([{ ...range, min: -8, max: -8 }])).toEqual([{ field: 'items[0].max', reason: 'must be greater than min (-8)' }]);
    expect(checklistProblems([{ ...range, min: 0, max: -1 }]).map((p) => p.field)).toEqual(['items[0].max']);
    expect(checklistProblems([{ key: 'r', label: 'r', kind: 'range' }]).map((p) => p.field)).toEqual(['items[0].min', 'items[0].max', 'items[0].unit']);
  });

  it('needs the expected value of a value item and the normal answer of a yes/no item', () => {
    expect(checklistProblems([{ key: 'v', label: 'v', kind: 'value' }]).map((p) => p.field)).toEqual(['items[0].expected']);
    expect(checklistProblems([{ key: 'y', label: 'y', kind: 'yesno' }]).map((p) => p.field)).toEqual(['items[0].expectedYes']);
  });

  it('refuses a field the kind does not use', () => {
    expect(checklistProblems([{ ...yes, min: 1 }]).map((p) => p.field)).toEqual(['items[0].min']);
    expect(checklistProblems([{ ...range, expectedYes: true }]).map((p) => p.field)).toEqual(['items[0].expectedYes']);
    expect(checklistProblems([{ ...value, unit: 'dB' }]).map((p) => p.field)).toEqual(['items[0].unit']);
  });

  it('answers 400 VALIDATION_FAILED naming the fields, and keeps only what the kind uses', () => {
    expect(() => assertChecklist([range, { ...range }])).toThrow(AppError);
    try {
      assertChecklist([range, { ...range }]);
    } catch (err) {
      expect(err).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'items[1].key' }] } });
    }
    expect(assertChecklist([{ ...yes, min: null } as unknown as ChecklistItem])).toEqual([yes]);
  });
});
