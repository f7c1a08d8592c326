import { addressOutside, addressReporter, addressUser, KnownUser, matchUser, unresolved } from './directory.rules';

const user = (over: Partial<KnownUser>): KnownUser => ({
  id: '00000000-0000-4000-8000-000000000001',
  username: 'wang',
  displayName: '王经理',
  roles: ['customer_manager'],
  phone: '13900000001',
  email: 'wang@example.com',
  active: true,
  ...over,
});

describe('names to users', () => {
  it('match the display name or the username, case-insensitive, active users only', () => {
    const users = [user({ id: 'a', username: 'Zhao', displayName: '赵工', roles: ['customer_engineer'] }), user({ id: 'b', active: false })];
    expect(matchUser(users, 'zhao')?.id).toBe('a');
    expect(matchUser(users, '赵工')?.id).toBe('a');
    expect(matchUser(users, '王经理')).toBeUndefined();
  });

  it('prefer the user with the role the record means', () => {
    const users = [user({ id: 'a', username: 'a-wang', roles: ['noc'] }), user({ id: 'b', username: 'b-wang', roles: ['customer_manager'] })];
    expect(matchUser(users, '王经理', 'customer_manager')?.id).toBe('b');
    expect(matchUser(users, '王经理', 'project_manager')?.id).toBe('a');
  });
});

describe('addresses', () => {
  it('a user: one per channel, the inbox by id; a missing phone or e-mail is a problem', () => {
    expect(addressUser(user({ id: 'u1', email: null }), ['inbox', 'email', 'sms'])).toEqual([
      { recipientKey: 'user:u1', recipientName: '王经理', recipientUserId: 'u1', channel: 'inbox', address: 'u1' },
      { recipientKey: 'user:u1', recipientName: '王经理', recipientUserId: 'u1', channel: 'email', address: '', problem: '王经理没有登记电子邮件地址 (no e-mail address)' },
      { recipientKey: 'user:u1', recipientName: '王经理', recipientUserId: 'u1', channel: 'sms', address: '13900000001' },
    ]);
  });

  it('an outside person: SMS to the phone, e-mail to the address, no inbox', () => {
    const leader = { name: '陈总', role: '分管副总', phone: '13700000001', email: 'Chen@Example.com', level: 3 };
    expect(addressOutside(leader, ['sms', 'email'])).toEqual([
      { recipientKey: 'phone:13700000001', recipientName: '陈总', channel: 'sms', address: '13700000001' },
      { recipientKey: 'email:chen@example.com', recipientName: '陈总', channel: 'email', address: 'Chen@Example.com' },
    ]);
    const [noMail, noInbox] = addressOutside({ ...leader, email: undefined }, ['email', 'inbox']);
    expect(noMail.problem).toContain('no e-mail address');
    expect(noInbox.problem).toContain('not a platform user');
  });

  it("the reporter of a fault: SMS to a mobile number they gave, e-mail to an address; a landline reaches no one", () => {
    expect(addressReporter({ name: '张工', contact: '+86 138-0000-0000' }, ['sms', 'email'])).toEqual([
      { recipientKey: 'phone:13800000000', recipientName: '张工', channel: 'sms', address: '13800000000' },
      { recipientKey: 'reporter:+86 138-0000-0000', recipientName: '张工', channel: 'email', address: '', problem: expect.stringContaining('not an e-mail address') },
    ]);
    expect(addressReporter({ name: '李工', contact: ' Li@Example.com ' }, ['email'])).toEqual([
      { recipientKey: 'email:li@example.com', recipientName: '李工', channel: 'email', address: 'Li@Example.com' },
    ]);
    const [landline, inbox] = addressReporter({ name: '王工', contact: '020-83331234' }, ['sms', 'inbox']);
    expect(landline).toMatchObject({ address: '', problem: expect.stringContaining('not a mobile number') });
    expect(inbox.problem).toContain('not a platform user');
  });

  it('a name that is no platform user, or no name at all, is a problem on each channel', () => {
    expect(unresolved('客户经理', '王经理', ['email'], '客户某银行')).toEqual([
      { recipientKey: 'name:王经理', recipientName: '王经理', channel: 'email', address: '', problem: '客户经理“王经理”不是平台用户 (not a platform user)' },
    ]);
    expect(unresolved('客户经理', null, ['email', 'inbox'], '客户某银行').map((a) => [a.recipientKey, a.channel, a.problem])).toEqual([
      ['missing:客户经理', 'email', '客户某银行未登记客户经理 (no one named)'],
      ['missing:客户经理', 'inbox', '客户某银行未登记客户经理 (no one named)'],
    ]);
  });
});
