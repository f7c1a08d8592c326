import { NatsConnection } from '@nats-io/transport-node';
import { Caller, connectNats, RpcClient, settingsRpc } from '@app/shared';
import { startPlatform, TestPlatform } from '../support/platform';

/** DOMAIN.md's numbers, written out: a default changed in code fails here. */
const FAULT_DEFAULTS = {
  dispatchMinutes: 5,
  dispatchWarnMinutes: 1,
  acceptMinutes: 5,
  acceptWarnMinutes: 1,
  progressEveryMinutes: 30,
  progressEveryMinutesVoice: 60,
  progressWarnMinutes: 5,
  answerMinutes: 5,
  firstFeedbackMinutes: 30,
  firstFeedbackWarnMinutes: 5,
  feedbackEveryMinutes: 120,
  feedbackWarnMinutes: 15,
  resolutionWarnMinutes: 30,
  jointHandlingImportantMinutes: 60,
  jointHandlingOtherMinutes: 180,
  onSiteImportantMinutes: 120,
  broadcastEveryMinutes: 60,
  hotlineAnswerSeconds: 40,
  maxBackdateMinutes: 1440,
  complaintSortingImportantHours: 2,
  complaintSortingGeneralWorkingDays: 0.5,
  complaintAnalysisImportantWorkingDays: 0.5,
  complaintAnalysisGeneralWorkingDays: 2,
  complaintHandlingImportantWorkingDays: 2,
  complaintHandlingGeneralWorkingDays: 5,
  complaintPlanImportantWorkingDays: 5,
  complaintPlanGeneralWorkingDays: 10,
};

const PROVISIONING_DEFAULTS = {
  surveyWorkingDays: 2,
  planWorkingDays: 12,
  weeklyReportDays: 7,
  warningPoolWorkingDays: 10,
  unitWarningWorkingDays: 5,
  unitWarningUrgentDays: 3,
  completionRecordWorkingDays: 2,
  handoverFormWorkingDays: 1,
  resourceCheckValidityMonths: 1,
  maxBackdateMinutes: 4320,
};

const VISITS_DEFAULTS = {
  visitEveryMonthsDiamond: 1,
  visitEveryMonthsGold: 3,
  visitEveryMonthsSilver: 6,
  visitEveryMonthsStandard: 12,
  crisisVisitWorkingDays: 3,
  followUpWorkingDays: 10,
  rectificationWorkingDays: 10,
  taskWarnWorkingDays: 1,
  cutoverNoticeWorkingDays: 5,
  maxBackdateMinutes: 4320,
};

const NOTIFIER_DEFAULTS = {
  maxAttempts: 5,
  retryBaseSeconds: 30,
  retryMaxSeconds: 3600,
  quietHoursStartMinute: 1320,
  quietHoursEndMinute: 420,
  smsPerRecipientPerHour: 5,
  sendLeaseSeconds: 60,
};

describe('settings: every limit of DOMAIN.md is a default an admin may change', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['fault', 'provisioning', 'visits', 'notifier'] });
  });

  afterAll(async () => {
    await platform.close();
  });

  it("starts at version 0 with DOMAIN.md's defaults for each service", async () => {
    const fault = await platform.http().get('/api/v1/settings/fault').expect(200);
    expect(fault.body).toMatchObject({ service: 'fault', version: 0, values: FAULT_DEFAULTS, defaults: FAULT_DEFAULTS, changes: [] });
    const provisioning = await platform.http().get('/api/v1/settings/provisioning').expect(200);
    expect(provisioning.body).toMatchObject({ service: 'provisioning', version: 0, values: PROVISIONING_DEFAULTS, defaults: PROVISIONING_DEFAULTS });
    const visits = await platform.http().get('/api/v1/settings/visits').expect(200);
    expect(visits.body).toMatchObject({ service: 'visits', version: 0, values: VISITS_DEFAULTS, defaults: VISITS_DEFAULTS });
    const notifier = await platform.http().get('/api/v1/settings/notifier').expect(200);
    expect(notifier.body).toMatchObject({ service: 'notifier', version: 0, values: NOTIFIER_DEFAULTS, defaults: NOTIFIER_DEFAULTS });
    expect(notifier.body.appliesTo).toMatch(/next attempt/);
  });

  it('changes some limits as a new version, says which clocks it applies to, and keeps the history', async () => {
    platform.clock.set('2026-11-02T03:00:00Z');
    const res = await platform.http().put('/api/v1/settings/fault').send({ firstFeedbackMinutes: 20, complaintSortingGeneralWorkingDays: 0.25, reason: 'pilot of a tighter first feedback' }).expect(200);
    expect(res.body).toMatchObject({
      version: 1,
      values: { ...FAULT_DEFAULTS, firstFeedbackMinutes: 20, complaintSortingGeneralWorkingDays: 0.25 },
      changedBy: 'admin',
      changedAt: '2026-11-02T03:00:00.000Z',
      reason: 'pilot of a tighter first feedback',
      changes: [
        { field: 'firstFeedbackMinutes', from: 30, to: 20 },
        { field: 'complaintSortingGeneralWorkingDays', from: 0.5, to: 0.25 },
      ],
    });
    expect(res.body.appliesTo).toMatch(/started from this version on.*running keep/);

    // The same values again change nothing.
    const same = await platform.http().put('/api/v1/settings/fault').send({ firstFeedbackMinutes: 20 }).expect(200);
    expect(same.body.version).toBe(1);

    await platform.http().put('/api/v1/settings/fault').send({ firstFeedbackMinutes: 30, expectedVersion: 1 }).expect(200);
    const stale = await platform.http().put('/api/v1/settings/fault').send({ firstFeedbackMinutes: 25, expectedVersion: 1 }).expect(412);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION' });

    const history = await platform.http().get('/api/v1/settings/fault/history').query({ count: 'exact' }).expect(200);
    expect(history.body).toMatchObject({ total: 2, items: [{ version: 2, changedBy: 'admin', changes: [{ field: 'firstFeedbackMinutes', from: 20, to: 30 }] }, { version: 1 }] });
    const oldest = await platform.http().get('/api/v1/settings/fault/history').query({ sort: 'version', limit: 1, count: 'exact' }).expect(200);
    expect(oldest.body).toMatchObject({ total: 2, items: [{ version: 1, reason: 'pilot of a tighter first feedback' }] });

    // Provisioning's settings are its own.
    expect((await platform.http().get('/api/v1/settings/provisioning').expect(200)).body.version).toBe(0);
    const quiet = await platform.http().put('/api/v1/settings/notifier').send({ quietHoursStartMinute: 1440 }).expect(400);
    expect(quiet.body.errors[0].field).toBe('quietHoursStartMinute');
  });

  it('refuses bad values with a 400 naming each field, and changes nothing', async () => {
    const cases: Array<[object, string]> = [
      [{ dispatchMinutes: 0 }, 'dispatchMinutes'],
      [{ acceptMinutes: 2.5 }, 'acceptMinutes'],
      [{ answerMinutes: '5' }, 'answerMinutes'],
      [{ hotlineAnswerSeconds: -1 }, 'hotlineAnswerSeconds'],
      [{ complaintPlanGeneralWorkingDays: 1e9 }, 'complaintPlanGeneralWorkingDays'],
      [{ acceptWarnMinutes: 6 }, 'acceptWarnMinutes'],
      [{ progressEveryMinutes: 4 }, 'progressWarnMinutes'],
      [{ noSuchLimit: 5 }, 'noSuchLimit'],
    ];
    for (const [body, field] of cases) {
      const res = await platform.http().put('/api/v1/settings/fault').send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const bad = await platform.http().put('/api/v1/settings/provisioning').send({ surveyWorkingDays: 0 }).expect(400);
    expect(bad.body.errors[0].field).toBe('surveyWorkingDays');
    expect((await platform.http().get('/api/v1/settings/provisioning').expect(200)).body.version).toBe(0);
  });

  it('lets staff read and only admins change or read the history; customers see none of it', async () => {
    const noc = await platform.user(['noc']);
    await noc.http().get('/api/v1/settings/fault').expect(200);
    await noc.http().put('/api/v1/settings/fault').send({ dispatchMinutes: 10 }).expect(403);
    await noc.http().get('/api/v1/settings/fault/history').expect(403);
    const customer = (await platform.http().post('/api/v1/customers').send({ code: 'SET-CUST', name: '设置测试客户', industry: 'finance', tier: 'gold' }).expect(201)).body;
    const user = await platform.user(['customer_user'], customer.id);
    await user.http().get('/api/v1/settings/provisioning').expect(403);
  });

  it('validates in the owning service too, whoever sends the request over NATS', async () => {
    const nc: NatsConnection = await connectNats(platform.natsUrl, 'settings-test');
    try {
      const rpc = new RpcClient(nc, 3000);
      const admin: Caller = { sub: 'admin-id', username: 'ops-admin', roles: ['admin'] };
      await expect(rpc.send(settingsRpc('provisioning').put, { values: { planWorkingDays: 0 } }, { caller: admin })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [expect.objectContaining({ field: 'planWorkingDays' })] },
      });
      await expect(rpc.send(settingsRpc('provisioning').put, { values: { planDays: 3 } }, { caller: admin })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'planDays', reason: 'is not a provisioning setting' }] },
      });
      const changed = await rpc.send(settingsRpc('provisioning').put, { values: { planWorkingDays: 10 } }, { caller: admin });
      expect(changed).toMatchObject({ version: 1, changedBy: 'ops-admin', values: { planWorkingDays: 10 } });
      const customer: Caller = { sub: 'c', username: 'portal', roles: ['customer_user'], customerId: '00000000-0000-4000-8000-000000000001' };
      await expect(rpc.send(settingsRpc('provisioning').get, {}, { caller: customer })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await nc.close();
    }
  });
});
