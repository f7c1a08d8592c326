import type { ServiceType } from '@app/shared';

/*
 * Leading bureau (业务领导局排序原则), seed 002 §2.2.7: the bureau that runs a circuit's whole-route test and reports
 * its whole completion once every location has reported its own segment. Numbers like 1(3) below are the seed's.
 */

/** 1(1): provincial capitals, highest first. The seed abbreviates 呼和浩特 as 呼和. */
export const CAPITAL_RANKING = [
  '北京', '上海', '武汉', '沈阳', '西安', '成都', '南京', '广州', '天津', '兰州', '重庆', '石家庄', '济南', '太原', '郑州', '长春',
  '哈尔滨', '合肥', '杭州', '长沙', '南昌', '福州', '贵阳', '南宁', '海口', '昆明', '呼和浩特', '西宁', '乌鲁木齐', '银川', '拉萨',
] as const;
export type ProvincialCapital = (typeof CAPITAL_RANKING)[number];

/** 1(4): international gateway offices (出入口局), highest first — not the capital order (北京 comes last here). */
export const GATEWAY_OFFICE_RANKING = ['上海', '广州', '北京'] as const;
export type GatewayOffice = (typeof GATEWAY_OFFICE_RANKING)[number];

/** 1(6): overseas companies (海外公司), highest first. */
export const OVERSEAS_COMPANY_RANKING = ['香港', '美洲', '欧洲'] as const;
export type OverseasCompany = (typeof OVERSEAS_COMPANY_RANKING)[number];

/** The capital of every province-level division in the ranking; a municipality (直辖市) is its own capital. */
export const PROVINCE_CAPITALS = {
  北京: '北京', 上海: '上海', 天津: '天津', 重庆: '重庆',
  湖北: '武汉', 辽宁: '沈阳', 陕西: '西安', 四川: '成都', 江苏: '南京', 广东: '广州', 甘肃: '兰州', 河北: '石家庄',
  山东: '济南', 山西: '太原', 河南: '郑州', 吉林: '长春', 黑龙江: '哈尔滨', 安徽: '合肥', 浙江: '杭州', 湖南: '长沙',
  江西: '南昌', 福建: '福州', 贵州: '贵阳', 广西: '南宁', 海南: '海口', 云南: '昆明', 内蒙古: '呼和浩特', 青海: '西宁',
  新疆: '乌鲁木齐', 宁夏: '银川', 西藏: '拉萨',
} as const satisfies Record<string, ProvincialCapital>;
export type Province = keyof typeof PROVINCE_CAPITALS;

/**
 * Every other city of each province: prefecture-level divisions and the county-level ones a province administers
 * directly, by the short names in everyday use (延边 for 延边朝鲜族自治州). It exists so that a misspelt city is
 * rejected instead of being taken for a non-capital, which would silently pick the wrong bureau. A municipality is
 * one local network, so its districts are not cities here.
 */
const OTHER_CITIES: Record<Province, readonly string[]> = {
  北京: [], 上海: [], 天津: [], 重庆: [],
  河北: ['唐山', '秦皇岛', '邯郸', '邢台', '保定', '张家口', '承德', '沧州', '廊坊', '衡水'],
  山西: ['大同', '阳泉', '长治', '晋城', '朔州', '晋中', '运城', '忻州', '临汾', '吕梁'],
  内蒙古: ['包头', '乌海', '赤峰', '通辽', '鄂尔多斯', '呼伦贝尔', '巴彦淖尔', '乌兰察布', '兴安', '锡林郭勒', '阿拉善'],
  辽宁: ['大连', '鞍山', '抚顺', '本溪', '丹东', '锦州', '营口', '阜新', '辽阳', '盘锦', '铁岭', '朝阳', '葫芦岛'],
  吉林: ['吉林', '四平', '辽源', '通化', '白山', '松原', '白城', '延边'],
  黑龙江: ['齐齐哈尔', '鸡西', '鹤岗', '双鸭山', '大庆', '伊春', '佳木斯', '七台河', '牡丹江', '黑河', '绥化', '大兴安岭'],
  江苏: ['无锡', '徐州', '常州', '苏州', '南通', '连云港', '淮安', '盐城', '扬州', '镇江', '泰州', '宿迁'],
  浙江: ['宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'],
  安徽: ['芜湖', '蚌埠', '淮南', '马鞍山', '淮北', '铜陵', '安庆', '黄山', '滁州', '阜阳', '宿州', '六安', '亳州', '池州', '宣城'],
  福建: ['厦门', '莆田', '三明', '泉州', '漳州', '南平', '龙岩', '宁德'],
  江西: ['景德镇', '萍乡', '九江', '新余', '鹰潭', '赣州', '吉安', '宜春', '抚州', '上饶'],
  山东: ['青岛', '淄博', '枣庄', '东营', '烟台', '潍坊', '济宁', '泰安', '威海', '日照', '临沂', '德州', '聊城', '滨州', '菏泽'],
  河南: [
    '开封', '洛阳', '平顶山', '安阳', '鹤壁', '新乡', '焦作', '濮阳', '许昌', '漯河', '三门峡', '南阳', '商丘', '信阳', '周口', '驻马店',
    '济源',
  ],
  湖北: ['黄石', '十堰', '宜昌', '襄阳', '鄂州', '荆门', '孝感', '荆州', '黄冈', '咸宁', '随州', '恩施', '仙桃', '潜江', '天门', '神农架'],
  湖南: ['株洲', '湘潭', '衡阳', '邵阳', '岳阳', '常德', '张家界', '益阳', '郴州', '永州', '怀化', '娄底', '湘西'],
  广东: [
    '韶关', '深圳', '珠海', '汕头', '佛山', '江门', '湛江', '茂名', '肇庆', '惠州', '梅州', '汕尾', '河源', '阳江', '清远', '东莞', '中山',
    '潮州', '揭阳', '云浮',
  ],
  广西: ['柳州', '桂林', '梧州', '北海', '防城港', '钦州', '贵港', '玉林', '百色', '贺州', '河池', '来宾', '崇左'],
  海南: [
    '三亚', '三沙', '儋州', '五指山', '琼海', '文昌', '万宁', '东方', '定安', '屯昌', '澄迈', '临高', '白沙', '昌江', '乐东', '陵水', '保亭',
    '琼中',
  ],
  四川: [
    '自贡', '攀枝花', '泸州', '德阳', '绵阳', '广元', '遂宁', '内江', '乐山', '南充', '眉山', '宜宾', '广安', '达州', '雅安', '巴中', '资阳',
    '阿坝', '甘孜', '凉山',
  ],
  贵州: ['六盘水', '遵义', '安顺', '毕节', '铜仁', '黔西南', '黔东南', '黔南'],
  云南: ['曲靖', '玉溪', '保山', '昭通', '丽江', '普洱', '临沧', '楚雄', '红河', '文山', '西双版纳', '大理', '德宏', '怒江', '迪庆'],
  西藏: ['日喀则', '昌都', '林芝', '山南', '那曲', '阿里'],
  陕西: ['铜川', '宝鸡', '咸阳', '渭南', '延安', '汉中', '榆林', '安康', '商洛'],
  甘肃: ['嘉峪关', '金昌', '白银', '天水', '武威', '张掖', '平凉', '酒泉', '庆阳', '定西', '陇南', '临夏', '甘南'],
  青海: ['海东', '海北', '黄南', '海南', '果洛', '玉树', '海西'],
  宁夏: ['石嘴山', '吴忠', '固原', '中卫'],
  新疆: [
    '克拉玛依', '吐鲁番', '哈密', '昌吉', '博尔塔拉', '巴音郭楞', '阿克苏', '克孜勒苏', '喀什', '和田', '伊犁', '塔城', '阿勒泰', '石河子',
    '阿拉尔', '图木舒克', '五家渠', '北屯', '铁门关', '双河', '可克达拉', '昆玉', '胡杨河', '新星', '白杨',
  ],
};

/** A domestic end, named as the seed names places: city 广州, province 广东 (广州市 and 广东省 are accepted too). */
export interface DomesticEnd {
  city: string;
  province: string;
  /** The end is its city's international gateway office (出入口局) rather than the city's ordinary bureau. */
  gatewayOffice?: boolean;
}

/** An end served by an overseas company, whose circuit enters China through a gateway office. */
export interface OverseasEnd {
  overseasCompany: OverseasCompany;
  viaGateway: GatewayOffice;
}

export type OrderEnd = DomesticEnd | OverseasEnd;

export interface LeadingBureauInput {
  serviceType: ServiceType;
  aEnd: OrderEnd;
  zEnd: OrderEnd;
}

export type LeadingBureauRule =
  /** 1(1): two provincial capitals. */
  | 'capital-rank'
  /** 1(2): a capital against a non-capital, whatever their provinces. */
  | 'capital-over-non-capital'
  /** 1(3): two non-capitals in different provinces, by their capitals' rank. */
  | 'provincial-capital-rank'
  /** Not in the seed: two non-capitals in one province; the originating location (A end) leads. */
  | 'same-province'
  /** Not in the seed: both ends in one city; the originating location (A end) leads. */
  | 'same-city'
  /** 1(4): two gateway offices. */
  | 'gateway-office'
  /** 1(5): an overseas company against a domestic end, settled between the gateway offices involved. */
  | 'overseas'
  /** 1(6): two overseas companies. */
  | 'overseas-rank'
  /** 2: IP VPN network-level tests. */
  | 'group-noc'
  /** Not in the seed: a service type the ranking does not cover; the originating location (A end) leads. */
  | 'unranked-service';

export interface LeadingBureau {
  lead: 'A' | 'Z' | 'group-noc';
  /** As the seed names bureaus: 广州, 上海出入口局, 香港, 集团NOC. */
  bureau: string;
  /** Which rule decided, so the decision can be explained. */
  rule: LeadingBureauRule;
}

/** An end, province, city or service type the rule cannot place. `field` is the input path, e.g. aEnd.city. */
export class LeadingBureauInputError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'LeadingBureauInputError';
  }
}

type ServiceClass = 'digital-or-basic-data' | 'ip-vpn' | 'unranked';

/**
 * The seed ranks 数字及基础数据网电路 (SDH, MSTP and Ethernet private lines here) and puts IP VPN (MPLS VPN here) under
 * the group NOC. It ranks nothing else, so those fall back to its point 3: "业务领导局或发起地" — the originating location.
 */
const SERVICE_CLASSES: Record<ServiceType, ServiceClass> = {
  sdh: 'digital-or-basic-data',
  mstp: 'digital-or-basic-data',
  ethernet: 'digital-or-basic-data',
  mpls_vpn: 'ip-vpn',
  internet: 'unranked',
  voice: 'unranked',
  idc: 'unranked',
  other: 'unranked',
};

const GROUP_NOC = '集团NOC';

/** The seed's own abbreviation, so a name copied from it is understood. */
const CITY_ALIASES = new Map([['呼和', '呼和浩特']]);

type ResolvedEnd =
  | { kind: 'domestic'; city: string; province: Province; isCapital: boolean; gateway: GatewayOffice | undefined }
  | { kind: 'overseas'; company: OverseasCompany; viaGateway: GatewayOffice };

/**
 * Which bureau leads the whole-route test and completion of an order. Decisions the seed leaves open, each marked in
 * {@link LeadingBureauRule}: the A end is taken as the originating location (发起地), which the seed's point 3 names
 * as the test owner wherever no leading bureau is ranked — two ends in one city or in one province (the ranking is
 * between provinces), and services the ranking does not cover. A gateway office facing an ordinary bureau is ranked
 * as a bureau of its city.
 *
 * @throws LeadingBureauInputError for an unknown service type, province, city, gateway office or overseas company.
 */
export function leadingBureau(input: LeadingBureauInput): LeadingBureau {
  if (!Object.hasOwn(SERVICE_CLASSES, input.serviceType)) {
    throw new LeadingBureauInputError('serviceType', input.serviceType, `unknown service type ${show(input.serviceType)}`);
  }
  const serviceClass = SERVICE_CLASSES[input.serviceType];
  const a = resolveEnd(input.aEnd, 'aEnd');
  const z = resolveEnd(input.zEnd, 'zEnd');

  if (serviceClass === 'ip-vpn') return { lead: 'group-noc', bureau: GROUP_NOC, rule: 'group-noc' };
  if (serviceClass === 'unranked') return originator(a, 'unranked-service');

  if (a.kind === 'overseas') {
    if (z.kind === 'domestic') return overseasAgainstDomestic(a, z, 'A');
    return pick(rank(OVERSEAS_COMPANY_RANKING, a.company) <= rank(OVERSEAS_COMPANY_RANKING, z.company), a, z, 'overseas-rank');
  }
  if (z.kind === 'overseas') return overseasAgainstDomestic(z, a, 'Z');
  return domesticPair(a, z);
}

type Domestic = Extract<ResolvedEnd, { kind: 'domestic' }>;
type Overseas = Extract<ResolvedEnd, { kind: 'overseas' }>;

function domesticPair(a: Domestic, z: Domestic): LeadingBureau {
  if (a.gateway && z.gateway && a.gateway !== z.gateway) {
    return pick(rank(GATEWAY_OFFICE_RANKING, a.gateway) < rank(GATEWAY_OFFICE_RANKING, z.gateway), a, z, 'gateway-office');
  }
  if (a.city === z.city) return originator(a, 'same-city');
  if (a.isCapital && z.isCapital) return pick(capitalRank(a) < capitalRank(z), a, z, 'capital-rank');
  if (a.isCapital !== z.isCapital) return pick(a.isCapital, a, z, 'capital-over-non-capital');
  if (a.province === z.province) return originator(a, 'same-province');
  return pick(capitalRank(a) < capitalRank(z), a, z, 'provincial-capital-rank');
}

/**
 * 1(5): the overseas company is represented by the gateway office its circuit enters through, which organises the
 * test as its agent (由出入口局负责代理组织). Only a domestic end that is itself a higher-ranked gateway office takes
 * the lead from it.
 */
function overseasAgainstDomestic(overseas: Overseas, domestic: Domestic, overseasSide: 'A' | 'Z'): LeadingBureau {
  const domesticLeads =
    domestic.gateway !== undefined &&
    rank(GATEWAY_OFFICE_RANKING, domestic.gateway) < rank(GATEWAY_OFFICE_RANKING, overseas.viaGateway);
  if (domesticLeads) return { lead: overseasSide === 'A' ? 'Z' : 'A', bureau: endName(domestic), rule: 'overseas' };
  return { lead: overseasSide, bureau: gatewayName(overseas.viaGateway), rule: 'overseas' };
}

function pick(aLeads: boolean, a: ResolvedEnd, z: ResolvedEnd, rule: LeadingBureauRule): LeadingBureau {
  return aLeads ? { lead: 'A', bureau: endName(a), rule } : { lead: 'Z', bureau: endName(z), rule };
}

/** The A end, taken as the order's originating location (发起地). */
function originator(a: ResolvedEnd, rule: LeadingBureauRule): LeadingBureau {
  return { lead: 'A', bureau: endName(a), rule };
}

function rank<T extends string>(ranking: readonly T[], name: T): number {
  return ranking.indexOf(name);
}

function capitalRank(end: Domestic): number {
  return rank(CAPITAL_RANKING, PROVINCE_CAPITALS[end.province]);
}

function endName(end: ResolvedEnd): string {
  if (end.kind === 'overseas') return end.company;
  return end.gateway ? gatewayName(end.gateway) : end.city;
}

function gatewayName(gateway: GatewayOffice): string {
  return `${gateway}出入口局`;
}

function resolveEnd(end: OrderEnd, field: 'aEnd' | 'zEnd'): ResolvedEnd {
  if ('overseasCompany' in end) {
    if (!isOneOf(OVERSEAS_COMPANY_RANKING, end.overseasCompany)) {
      throw new LeadingBureauInputError(
        `${field}.overseasCompany`,
        end.overseasCompany,
        `unknown overseas company ${show(end.overseasCompany)} (expected one of ${OVERSEAS_COMPANY_RANKING.join(', ')})`,
      );
    }
    if (!isOneOf(GATEWAY_OFFICE_RANKING, end.viaGateway)) {
      throw new LeadingBureauInputError(
        `${field}.viaGateway`,
        end.viaGateway,
        `unknown gateway office ${show(end.viaGateway)} (expected one of ${GATEWAY_OFFICE_RANKING.join(', ')})`,
      );
    }
    return { kind: 'overseas', company: end.overseasCompany, viaGateway: end.viaGateway };
  }

  const province = withoutSuffix(end.province, /(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$/);
  if (!isProvince(province)) {
    throw new LeadingBureauInputError(`${field}.province`, end.province, `unknown province ${show(end.province)}`);
  }
  const written = withoutSuffix(end.city, /市$/);
  const city = CITY_ALIASES.get(written) ?? written;
  const capital = PROVINCE_CAPITALS[province];
  if (city !== capital && !OTHER_CITIES[province].includes(city)) {
    throw new LeadingBureauInputError(`${field}.city`, end.city, `${show(end.city)} is not a city of ${province}`);
  }
  let gateway: GatewayOffice | undefined;
  if (end.gatewayOffice) {
    if (!isOneOf(GATEWAY_OFFICE_RANKING, city)) {
      throw new LeadingBureauInputError(
        `${field}.gatewayOffice`,
        end.gatewayOffice,
        `${city} has no gateway office (gateway offices: ${GATEWAY_OFFICE_RANKING.join(', ')})`,
      );
    }
    gateway = city;
  }
  return { kind: 'domestic', city, province, isCapital: city === capital, gateway };
}

/** Stored addresses often carry the official suffix (广东省, 广西壮族自治区, 广州市); the seed's names do not. */
function withoutSuffix(raw: unknown, suffix: RegExp): string {
  return typeof raw === 'string' ? raw.trim().replace(suffix, '') : '';
}

function isProvince(name: string): name is Province {
  return Object.hasOwn(PROVINCE_CAPITALS, name);
}

function isOneOf<T extends string>(names: readonly T[], value: unknown): value is T {
  return (names as readonly unknown[]).includes(value);
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}
