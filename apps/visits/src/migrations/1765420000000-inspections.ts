import { MigrationInterface, QueryRunner } from 'typeorm';

/** The two checklist templates every installation starts with (fixed ids, so other data may name them). */
export const SHIPPED_CHECKLISTS = {
  site: {
    id: 'c0ec1157-0000-4000-8000-000000000001',
    name: '机房/客户端站点巡检',
    target: 'site',
    items: [
      { key: 'equipment_temperature_alarm', label: '设备有温度告警', kind: 'yesno', expectedYes: false },
      { key: 'dust_filters_clean', label: '防尘网清洁', kind: 'yesno', expectedYes: true },
      { key: 'labels_complete', label: '标签齐全清晰', kind: 'yesno', expectedYes: true },
      { key: 'power_supply_normal', label: '供电正常', kind: 'yesno', expectedYes: true },
      { key: 'backup_power_tested', label: '备用电源/蓄电池已测试', kind: 'yesno', expectedYes: true },
      { key: 'room_temperature', label: '机房环境温度', kind: 'range', min: 10, max: 35, unit: '℃' },
    ],
  },
  leasedLine: {
    id: 'c0ec1157-0000-4000-8000-000000000002',
    name: '专线巡检',
    target: 'circuit',
    items: [
      { key: 'optical_rx_power', label: '光接收功率', kind: 'range', min: -25, max: -8, unit: 'dBm' },
      { key: 'optical_attenuation', label: '光衰耗', kind: 'range', min: 0, max: 20, unit: 'dB' },
      { key: 'equipment_alarms_none', label: '设备无告警', kind: 'yesno', expectedYes: true },
      { key: 'labels_complete', label: '标签齐全清晰', kind: 'yesno', expectedYes: true },
      { key: 'protection_route_available', label: '保护/备用路由可用', kind: 'yesno', expectedYes: true },
    ],
  },
} as const;

/** Checklist templates, inspections and hidden dangers (DOMAIN.md §3). */
export class Inspections1765420000000 implements MigrationInterface {
  name = 'Inspections1765420000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE checklist (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      target text NOT NULL,
      version int NOT NULL,
      items jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL
    )`);
    await db.query('CREATE INDEX checklist_updated_idx ON checklist (updated_at DESC)');
    for (const c of Object.values(SHIPPED_CHECKLISTS)) {
      await db.query(`INSERT INTO checklist (id, name, target, version, items, updated_at, updated_by) VALUES ($1, $2, $3, 1, $4, now(), 'system')`, [
        c.id,
        c.name,
        c.target,
        JSON.stringify(c.items),
      ]);
    }
    await db.query(`CREATE TABLE inspection (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL,
      circuit_ids uuid[] NOT NULL DEFAULT '{}',
      checklist_id uuid NOT NULL REFERENCES checklist (id),
      checklist_version int NOT NULL,
      checklist_name text NOT NULL,
      items jsonb NOT NULL,
      origin text NOT NULL,
      origin_ref text,
      campaign_id uuid,
      owner text NOT NULL,
      planned_date text NOT NULL,
      status text NOT NULL,
      occurred_at timestamptz,
      recorded_at timestamptz,
      recorded_by text,
      results jsonb NOT NULL DEFAULT '[]',
      danger_ids uuid[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL,
      created_by text NOT NULL
    )`);
    await db.query('CREATE INDEX inspection_customer_idx ON inspection (customer_id, created_at DESC)');
    await db.query('CREATE INDEX inspection_campaign_idx ON inspection (campaign_id) WHERE campaign_id IS NOT NULL');
    await db.query('CREATE INDEX inspection_created_idx ON inspection (created_at DESC)');
    await db.query(`CREATE TABLE hidden_danger (
      id uuid PRIMARY KEY,
      inspection_id uuid NOT NULL REFERENCES inspection (id),
      customer_id uuid NOT NULL,
      circuit_id uuid,
      item_key text NOT NULL,
      label text NOT NULL,
      observed text NOT NULL,
      expected text NOT NULL,
      severity text,
      status text NOT NULL,
      owner text NOT NULL,
      due_at timestamptz,
      clock_id uuid,
      found_at timestamptz NOT NULL,
      fix text,
      evidence text,
      fixed_at timestamptz,
      fixed_by text,
      breached_at timestamptz,
      reopened_count int NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL
    )`);
    // One danger per customer, circuit and item: a re-inspection reopens it rather than adding another.
    await db.query(
      `CREATE UNIQUE INDEX hidden_danger_item_uq ON hidden_danger (customer_id, COALESCE(circuit_id, '00000000-0000-0000-0000-000000000000'::uuid), item_key)`,
    );
    await db.query('CREATE INDEX hidden_danger_found_idx ON hidden_danger (found_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE hidden_danger');
    await db.query('DROP TABLE inspection');
    await db.query('DROP TABLE checklist');
  }
}
