import { CauseCategory, Industry, Segment, Tier } from '@app/shared';

/** Documents show Beijing time (UTC+8, no daylight saving), to the minute. */
const CST_MS = 8 * 3_600_000;

export function cstDateTime(iso: string | undefined | null): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + CST_MS).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

export function cstDate(iso: string | Date): string {
  const d = new Date(new Date(iso).getTime() + CST_MS).toISOString();
  return `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

/** 75 minutes → 1小时15分钟. */
export function duration(ms: number | undefined | null): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d}天` : '', h ? `${h}小时` : '', m || (!d && !h) ? `${m}分钟` : ''].join('');
}

export function between(from: string | undefined, to: string | undefined): number | undefined {
  return from && to ? new Date(to).getTime() - new Date(from).getTime() : undefined;
}

export const CAUSE_LABELS: Record<CauseCategory, string> = {
  operator_equipment: '运营商设备故障',
  operator_fiber: '运营商光缆线路故障',
  operator_configuration: '运营商数据配置',
  operator_power: '运营商动力配套',
  third_party: '第三方原因',
  force_majeure: '不可抗力',
  customer_equipment: '客户设备故障',
  customer_power: '客户电源故障',
  customer_configuration: '客户配置原因',
  customer_premises: '客户端环境原因',
};

export const SEGMENT_LABELS: Record<Segment, string> = {
  a_access: 'A端接入段',
  z_access: 'Z端接入段',
  backbone: '骨干传输段',
  machine_room: '局端机房',
  customer_premises: '客户端',
};

export const TIER_LABELS: Record<Tier, string> = { diamond: '钻石（集团级）', gold: '金牌', silver: '银牌', standard: '标准' };

export const INDUSTRY_LABELS: Record<Industry, string> = { government: '政府', finance: '金融', large_enterprise: '大型企业', carrier: '运营商', other: '其他' };

const ACTION_LABELS: Record<string, string> = {
  intake: '故障受理',
  sort: '故障分拣',
  dispatch: '派单',
  accept: '接单',
  analyse: '故障分析',
  escalate: '故障升级',
  feedback: '进展反馈',
  link: '关联网络事件',
  suspend: '挂起',
  resume: '解除挂起',
  restore: '业务恢复',
  repair: '故障修复',
  resolve: '处理完成',
  answer: '客户回复',
  close: '结单',
  reopen: '重新处理',
  cancel: '撤单',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export const STATUS_LABELS: Record<string, string> = {
  open: '已受理',
  dispatched: '处理中',
  suspended: '挂起',
  restored: '已恢复',
  closed: '已结单',
  cancelled: '已撤单',
  draft: '草稿',
  reviewed: '已审核',
  submitted: '已提交',
  none: '未编写',
};

const SERVICE_TYPE_LABELS: Record<string, string> = {
  sdh: 'SDH',
  mstp: 'MSTP',
  ethernet: '以太网专线',
  mpls_vpn: 'MPLS VPN',
  internet: '互联网专线',
  voice: '语音专线',
  idc: 'IDC',
  other: '其他',
};

export function serviceTypeLabel(type: string | undefined | null): string {
  return type ? (SERVICE_TYPE_LABELS[type] ?? type) : '—';
}
