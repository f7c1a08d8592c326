import type { NotificationChannel, Role } from '@app/shared';
import type { OutsidePerson } from './directory.entities';

/** A platform user as the directory keeps it (the fields addressing needs). */
export interface KnownUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  phone: string | null;
  email: string | null;
  active: boolean;
}

/** One recipient on one channel, addressed; with `problem` when it cannot be sent at all (a dead letter at once). */
export interface Addressed {
  recipientKey: string;
  recipientName: string;
  recipientUserId?: string;
  channel: NotificationChannel;
  address: string;
  problem?: string;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The active user a customer record or an order names ('王经理'): display name or username, case-insensitive; among
 * several, the one with the role the record means (a customer manager for 客户经理), then the first by username.
 */
export function matchUser<U extends KnownUser>(users: readonly U[], name: string, role?: Role): U | undefined {
  const named = users.filter((u) => u.active && (same(u.displayName, name) || same(u.username, name))).sort((a, b) => a.username.localeCompare(b.username));
  return (role ? named.find((u) => u.roles.includes(role)) : undefined) ?? named[0];
}

/** A user on each channel: the inbox by its id, SMS to its phone, e-mail to its address. */
export function addressUser(user: KnownUser, channels: readonly NotificationChannel[]): Addressed[] {
  return channels.map((channel) => {
    const base = { recipientKey: `user:${user.id}`, recipientName: user.displayName, recipientUserId: user.id, channel };
    if (channel === 'inbox') return { ...base, address: user.id };
    const address = channel === 'sms' ? user.phone : user.email;
    if (address) return { ...base, address };
    return { ...base, address: '', problem: channel === 'sms' ? `${user.displayName}没有登记手机号 (no phone number)` : `${user.displayName}没有登记电子邮件地址 (no e-mail address)` };
  });
}

/** Someone outside the platform (a contact, a leader on the escalation list): SMS to the phone, e-mail to the address. */
export function addressOutside(person: OutsidePerson, channels: readonly NotificationChannel[]): Addressed[] {
  return channels.map((channel) => {
    if (channel === 'sms') return { recipientKey: `phone:${person.phone}`, recipientName: person.name, channel, address: person.phone };
    if (channel === 'email' && person.email) return { recipientKey: `email:${person.email.toLowerCase()}`, recipientName: person.name, channel, address: person.email };
    return {
      recipientKey: `phone:${person.phone}`,
      recipientName: person.name,
      channel,
      address: '',
      problem: channel === 'email' ? `${person.name}没有登记电子邮件地址 (no e-mail address)` : `${person.name}不是平台用户，没有站内信 (not a platform user)`,
    };
  });
}

/**
 * A name the record (`where`: the customer, the order) gives that is no active platform user, or a role it leaves
 * empty (or a record the notifier does not know).
 */
export function unresolved(label: string, name: string | null, channels: readonly NotificationChannel[], where: string): Addressed[] {
  const problem = name ? `${label}“${name}”不是平台用户 (not a platform user)` : `${where}未登记${label} (no one named)`;
  return channels.map((channel) => ({ recipientKey: name ? `name:${name}` : `missing:${label}`, recipientName: name ?? label, channel, address: '', problem }));
}

const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Whoever reported a fault, by the contact they gave (free text at intake): a mainland mobile number takes SMS, an
 * e-mail address e-mail; a landline or anything else reaches no message, which is a problem (a dead letter at once).
 */
export function addressReporter(reporter: { name: string; contact: string }, channels: readonly NotificationChannel[]): Addressed[] {
  const given = reporter.contact.trim();
  const phone = MOBILE.exec(given.replace(/[\s-]/g, ''))?.[1];
  const email = EMAIL.test(given) ? given : undefined;
  return channels.map((channel) => {
    if (channel === 'sms' && phone) return { recipientKey: `phone:${phone}`, recipientName: reporter.name, channel, address: phone };
    if (channel === 'email' && email) return { recipientKey: `email:${email.toLowerCase()}`, recipientName: reporter.name, channel, address: email };
    const problem =
      channel === 'inbox'
        ? `${reporter.name}不是平台用户，没有站内信 (not a platform user)`
        : `报障人${reporter.name}留的联系方式“${given}”不是${channel === 'sms' ? '手机号 (not a mobile number)' : '电子邮件地址 (not an e-mail address)'}`;
    return { recipientKey: `reporter:${given}`, recipientName: reporter.name, channel, address: '', problem };
  });
}
