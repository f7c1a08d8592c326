import type { ServiceType } from '@app/shared';
import {
  CAPITAL_RANKING,
  DomesticEnd,
  GatewayOffice,
  LeadingBureau,
  leadingBureau,
  LeadingBureauInputError,
  OrderEnd,
  OverseasCompany,
  OverseasEnd,
  Province,
  PROVINCE_CAPITALS,
} from './leading-bureau';

const at = (city: string, province: string): DomesticEnd => ({ city, province });
const overseas = (overseasCompany: OverseasCompany, viaGateway: GatewayOffice): OverseasEnd => ({ overseasCompany, viaGateway });
const decide = (aEnd: OrderEnd, zEnd: OrderEnd, serviceType: ServiceType = 'sdh'): LeadingBureau =>
  leadingBureau({ serviceType, aEnd, zEnd });

function inputErrorOf(run: () => unknown): LeadingBureauInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof LeadingBureauInputError) return error;
    throw error;
  }
  throw new Error('expected a LeadingBureauInputError');
}

const provinceOf = (capital: string): Province => {
  const province = (Object.keys(PROVINCE_CAPITALS) as Province[]).find((p) => PROVINCE_CAPITALS[p] === capital);
  if (!province) throw new Error(`no province has ${capital} as its capital`);
  return province;
};
const capital = (city: string): DomesticEnd => at(city, provinceOf(city));
const gatewayAt = (city: GatewayOffice): DomesticEnd => ({ ...capital(city), gatewayOffice: true });

describe('province capitals', () => {
  it('has one province-level division per ranked capital, and every capital in the ranking', () => {
    const capitals = Object.values(PROVINCE_CAPITALS);
    expect(capitals).toHaveLength(31);
    expect([...capitals].sort()).toEqual([...CAPITAL_RANKING].sort());
  });

  it('makes each municipality its own capital', () => {
    expect([PROVINCE_CAPITALS.北京, PROVINCE_CAPITALS.上海, PROVINCE_CAPITALS.天津, PROVINCE_CAPITALS.重庆]).toEqual([
      '北京',
      '上海',
      '天津',
      '重庆',
    ]);
  });
});

describe('leadingBureau: digital and basic data circuits', () => {
  describe('between provincial capitals (1(1))', () => {
    it.each([
      ['北京', '广州', 'A', '北京'],
      ['广州', '北京', 'Z', '北京'],
      ['上海', '武汉', 'A', '上海'],
      ['武汉', '上海', 'Z', '上海'],
      ['重庆', '成都', 'Z', '成都'],
      ['天津', '石家庄', 'A', '天津'],
      ['拉萨', '银川', 'Z', '银川'],
      ['呼和浩特', '西宁', 'A', '呼和浩特'],
      ['杭州', '合肥', 'Z', '合肥'],
    ])('%s–%s: the %s end (%s) leads', (a, z, lead, bureau) => {
      expect(decide(capital(a), capital(z))).toEqual({ lead, bureau, rule: 'capital-rank' });
    });

    it('follows the whole ranking for every pair, whichever end each capital is at', () => {
      CAPITAL_RANKING.forEach((higher, i) =>
        CAPITAL_RANKING.slice(i + 1).forEach((lower) => {
          expect(decide(capital(higher), capital(lower))).toEqual({ lead: 'A', bureau: higher, rule: 'capital-rank' });
          expect(decide(capital(lower), capital(higher))).toEqual({ lead: 'Z', bureau: higher, rule: 'capital-rank' });
        }),
      );
    });
  });

  describe('a capital against a non-capital (1(2))', () => {
    it('lets even the lowest capital lead a city whose own capital ranks far higher', () => {
      expect(decide(at('拉萨', '西藏'), at('苏州', '江苏'))).toEqual({ lead: 'A', bureau: '拉萨', rule: 'capital-over-non-capital' });
      expect(decide(at('苏州', '江苏'), at('拉萨', '西藏'))).toEqual({ lead: 'Z', bureau: '拉萨', rule: 'capital-over-non-capital' });
    });

    it('applies within one province too', () => {
      expect(decide(at('深圳', '广东'), at('广州', '广东'))).toEqual({ lead: 'Z', bureau: '广州', rule: 'capital-over-non-capital' });
    });

    it('counts a municipality as a capital', () => {
      expect(decide(at('大连', '辽宁'), at('重庆', '重庆'))).toEqual({ lead: 'Z', bureau: '重庆', rule: 'capital-over-non-capital' });
    });
  });

  describe('two non-capitals in different provinces (1(3))', () => {
    it.each([
      ['深圳', '广东', '苏州', '江苏', 'Z', '苏州'], // 南京 7th, 广州 8th
      ['苏州', '江苏', '深圳', '广东', 'A', '苏州'],
      ['大连', '辽宁', '青岛', '山东', 'A', '大连'], // 沈阳 4th, 济南 13th
      ['遵义', '贵州', '延边', '吉林', 'Z', '延边'], // 长春 16th, 贵阳 23rd
      ['包头', '内蒙古', '喀什', '新疆', 'A', '包头'], // 呼和浩特 27th, 乌鲁木齐 29th
    ])('%s (%s)–%s (%s): the %s end (%s) leads', (aCity, aProvince, zCity, zProvince, lead, bureau) => {
      expect(decide(at(aCity, aProvince), at(zCity, zProvince))).toEqual({ lead, bureau, rule: 'provincial-capital-rank' });
    });
  });

  describe('where the seed ranks nothing, the A end leads as the originating location', () => {
    it('two non-capitals of one province', () => {
      expect(decide(at('苏州', '江苏'), at('无锡', '江苏'))).toEqual({ lead: 'A', bureau: '苏州', rule: 'same-province' });
      expect(decide(at('无锡', '江苏'), at('苏州', '江苏'))).toEqual({ lead: 'A', bureau: '无锡', rule: 'same-province' });
    });

    it('both ends in one city', () => {
      expect(decide(at('深圳', '广东'), at('深圳', '广东'))).toEqual({ lead: 'A', bureau: '深圳', rule: 'same-city' });
      expect(decide(at('北京', '北京'), at('北京', '北京'))).toEqual({ lead: 'A', bureau: '北京', rule: 'same-city' });
    });
  });

  describe('gateway offices (1(4))', () => {
    it('ranks 上海, 广州, 北京 — unlike the capitals, where 北京 is first', () => {
      expect(decide(gatewayAt('北京'), gatewayAt('上海'))).toEqual({ lead: 'Z', bureau: '上海出入口局', rule: 'gateway-office' });
      expect(decide(at('北京', '北京'), at('上海', '上海'))).toEqual({ lead: 'A', bureau: '北京', rule: 'capital-rank' });
      expect(decide(gatewayAt('广州'), gatewayAt('北京'))).toEqual({ lead: 'A', bureau: '广州出入口局', rule: 'gateway-office' });
      expect(decide(gatewayAt('广州'), gatewayAt('上海'))).toEqual({ lead: 'Z', bureau: '上海出入口局', rule: 'gateway-office' });
    });

    it('ranks a gateway office facing an ordinary bureau as a bureau of its city', () => {
      expect(decide(gatewayAt('上海'), at('北京', '北京'))).toEqual({ lead: 'Z', bureau: '北京', rule: 'capital-rank' });
      expect(decide(at('深圳', '广东'), gatewayAt('广州'))).toEqual({
        lead: 'Z',
        bureau: '广州出入口局',
        rule: 'capital-over-non-capital',
      });
    });
  });

  describe('overseas orders', () => {
    it('lets the gateway office an overseas company comes through lead for it against an ordinary bureau (1(5))', () => {
      expect(decide(overseas('香港', '广州'), at('成都', '四川'))).toEqual({ lead: 'A', bureau: '广州出入口局', rule: 'overseas' });
      expect(decide(at('北京', '北京'), overseas('美洲', '上海'))).toEqual({ lead: 'Z', bureau: '上海出入口局', rule: 'overseas' });
      expect(decide(at('苏州', '江苏'), overseas('欧洲', '北京'))).toEqual({ lead: 'Z', bureau: '北京出入口局', rule: 'overseas' });
    });

    it('settles it between the gateway offices when the domestic end is one (1(4), 1(5))', () => {
      expect(decide(overseas('欧洲', '北京'), gatewayAt('上海'))).toEqual({ lead: 'Z', bureau: '上海出入口局', rule: 'overseas' });
      expect(decide(gatewayAt('北京'), overseas('香港', '广州'))).toEqual({ lead: 'Z', bureau: '广州出入口局', rule: 'overseas' });
      expect(decide(overseas('美洲', '上海'), gatewayAt('上海'))).toEqual({ lead: 'A', bureau: '上海出入口局', rule: 'overseas' });
    });

    it('ranks overseas companies 香港, 美洲, 欧洲 (1(6))', () => {
      expect(decide(overseas('欧洲', '北京'), overseas('香港', '广州'))).toEqual({ lead: 'Z', bureau: '香港', rule: 'overseas-rank' });
      expect(decide(overseas('美洲', '上海'), overseas('欧洲', '北京'))).toEqual({ lead: 'A', bureau: '美洲', rule: 'overseas-rank' });
      expect(decide(overseas('美洲', '上海'), overseas('香港', '上海'))).toEqual({ lead: 'Z', bureau: '香港', rule: 'overseas-rank' });
    });
  });

  it('ranks MSTP and Ethernet private lines like SDH digital circuits', () => {
    for (const serviceType of ['sdh', 'mstp', 'ethernet'] as const) {
      expect(decide(at('广州', '广东'), at('北京', '北京'), serviceType)).toEqual({ lead: 'Z', bureau: '北京', rule: 'capital-rank' });
    }
  });

  it('accepts official names with their suffixes, and the seed abbreviation 呼和', () => {
    expect(decide(at('广州市', '广东省'), at('北京市', '北京市'))).toEqual({ lead: 'Z', bureau: '北京', rule: 'capital-rank' });
    expect(decide(at('柳州市', '广西壮族自治区'), at(' 呼和 ', '内蒙古自治区'))).toEqual({
      lead: 'Z',
      bureau: '呼和浩特',
      rule: 'capital-over-non-capital',
    });
    expect(decide(at('吴忠', '宁夏回族自治区'), at('哈密', '新疆维吾尔自治区'))).toEqual({
      lead: 'Z',
      bureau: '哈密',
      rule: 'provincial-capital-rank',
    });
  });
});

describe('leadingBureau: IP VPN network-level tests (2)', () => {
  it('are led by the group NOC wherever the ends are', () => {
    const groupNoc = { lead: 'group-noc', bureau: '集团NOC', rule: 'group-noc' };
    expect(decide(at('广州', '广东'), at('北京', '北京'), 'mpls_vpn')).toEqual(groupNoc);
    expect(decide(at('苏州', '江苏'), at('无锡', '江苏'), 'mpls_vpn')).toEqual(groupNoc);
    expect(decide(overseas('香港', '广州'), at('成都', '四川'), 'mpls_vpn')).toEqual(groupNoc);
  });
});

describe('leadingBureau: services the ranking does not cover', () => {
  it.each(['internet', 'voice', 'idc', 'other'] as const)('%s: the A end leads as the originating location', (serviceType) => {
    expect(decide(at('拉萨', '西藏'), at('北京', '北京'), serviceType)).toEqual({ lead: 'A', bureau: '拉萨', rule: 'unranked-service' });
  });
});

describe('leadingBureau: input it cannot place', () => {
  it.each<[string, () => unknown, string, unknown, string]>([
    ['an unknown province', () => decide(at('广州', '广栋'), at('北京', '北京')), 'aEnd.province', '广栋', 'aEnd.province: unknown province "广栋"'],
    [
      'a property name passed as a province',
      () => decide(at('广州', '广东'), at('北京', 'constructor')),
      'zEnd.province',
      'constructor',
      'zEnd.province: unknown province "constructor"',
    ],
    ['an unknown city', () => decide(at('广州', '广东'), at('深川', '广东')), 'zEnd.city', '深川', 'zEnd.city: "深川" is not a city of 广东'],
    [
      'a city given with the wrong province',
      () => decide(at('广州', '江苏'), at('北京', '北京')),
      'aEnd.city',
      '广州',
      'aEnd.city: "广州" is not a city of 江苏',
    ],
    [
      'a district of a municipality',
      () => decide(at('浦东', '上海'), at('北京', '北京')),
      'aEnd.city',
      '浦东',
      'aEnd.city: "浦东" is not a city of 上海',
    ],
    ['an empty city', () => decide(at('', '广东'), at('北京', '北京')), 'aEnd.city', '', 'aEnd.city: "" is not a city of 广东'],
    [
      'a gateway office in a city that has none',
      () => decide(at('北京', '北京'), { city: '成都', province: '四川', gatewayOffice: true }),
      'zEnd.gatewayOffice',
      true,
      'zEnd.gatewayOffice: 成都 has no gateway office (gateway offices: 上海, 广州, 北京)',
    ],
    [
      'an unknown overseas company',
      () => decide({ overseasCompany: '非洲', viaGateway: '广州' } as unknown as OverseasEnd, at('北京', '北京')),
      'aEnd.overseasCompany',
      '非洲',
      'aEnd.overseasCompany: unknown overseas company "非洲" (expected one of 香港, 美洲, 欧洲)',
    ],
    [
      'an overseas end without its gateway office',
      () => decide(at('北京', '北京'), { overseasCompany: '香港' } as OverseasEnd),
      'zEnd.viaGateway',
      undefined,
      'zEnd.viaGateway: unknown gateway office undefined (expected one of 上海, 广州, 北京)',
    ],
    [
      'an unknown service type',
      () => decide(at('广州', '广东'), at('北京', '北京'), 'satellite' as ServiceType),
      'serviceType',
      'satellite',
      'serviceType: unknown service type "satellite"',
    ],
  ])('rejects %s, naming the field and the value', (_case, run, field, value, message) => {
    const error = inputErrorOf(run);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LeadingBureauInputError');
    expect({ field: error.field, value: error.value, message: error.message }).toEqual({ field, value, message });
  });

  it('rejects bad input even for services that need no ranking', () => {
    expect(() => decide(at('广州', '广栋'), at('北京', '北京'), 'mpls_vpn')).toThrow(LeadingBureauInputError);
    expect(() => decide(at('广州', '广东'), at('深川', '广东'), 'internet')).toThrow(LeadingBureauInputError);
  });
});
