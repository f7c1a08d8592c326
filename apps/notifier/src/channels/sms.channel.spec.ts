import { DEFAULT_SMS_BODY_TEMPLATE } from '../notifier.env';
import { smsBody, smsText } from './sms.channel';

describe('the SMS gateway body', () => {
  it('fills the placeholders as JSON string text, quotes and newlines escaped', () => {
    const body = smsBody(DEFAULT_SMS_BODY_TEMPLATE, { to: '13800000000', content: '【签名】故障"A"\n恢复', ref: 'd-1' });
    expect(JSON.parse(body)).toEqual({ to: '13800000000', content: '【签名】故障"A"\n恢复', ref: 'd-1' });
  });

  it('signs the text and joins title and body', () => {
    expect(smsText('【某电信政企】', { title: '故障单GZ-1', body: '已恢复' })).toBe('【某电信政企】故障单GZ-1：已恢复');
  });
});
