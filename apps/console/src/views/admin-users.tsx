import { type FormEvent, useEffect, useState } from 'react';
import { api, must, type Schemas, type User } from '../api/client';
import { ErrorNote, Field, Section, useAction } from '../components';
import { useI18n } from '../i18n';

type Role = User['roles'][number];
type Customer = Schemas['CustomerView'];
/** The roles of people; system clients (TMF, feeds) are made by their own route and keep their roles. */
/** The largest page the list routes give. */
const PAGE = 200;
const PEOPLE_ROLES: Role[] = ['admin', 'noc', 'handling_unit', 'customer_engineer', 'customer_manager', 'project_manager', 'customer_user'];

function RolePicks({ roles, onChange, name }: { roles: Role[]; onChange: (roles: Role[]) => void; name: string }) {
  const { e } = useI18n();
  return (
    <div className="role-picks" role="group" aria-label={name}>
      {PEOPLE_ROLES.map((r) => (
        <label key={r}>
          <input
            type="checkbox"
            name={`${name}-${r}`}
            value={r}
            checked={roles.includes(r)}
            onChange={(ev) => onChange(ev.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
          />{' '}
          {e('role', r)}
        </label>
      ))}
    </div>
  );
}

/**
 * Users and their roles: listed, created, and changed (roles, active) with PATCH; a change signs the user out. A
 * customer's user shows its customer's name: the customers of the page's users are read in one request, by their ids.
 */
export function AdminUsers() {
  const { t, e } = useI18n();
  const [users, setUsers] = useState<User[]>([]);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [editing, setEditing] = useState<string>();
  const loading = useAction();
  const load = async () => {
    const page = await must(api.GET('/api/v1/users', { params: { query: { limit: PAGE } } }));
    setUsers(page.items);
    const ids = [...new Set(page.items.flatMap((u) => (u.customerId ? [u.customerId] : [])))];
    if (ids.length === 0) return;
    const customers = await must(api.GET('/api/v1/customers', { params: { query: { ids, limit: PAGE } } }));
    setNames(new Map(customers.items.map((c) => [c.id, c.name])));
  };
  useEffect(() => {
    void loading.run(load);
  }, []);
  const customerName = (id: string | null | undefined) => (id ? (names.get(id) ?? id) : '');
  return (
    <>
      <Section title={t('users')}>
        <ErrorNote error={loading.error} />
        <table className="board users">
          <thead>
            <tr>
              <th>{t('username')}</th>
              <th>{t('displayName')}</th>
              <th>{t('roles')}</th>
              <th>{t('unitOrCustomer')}</th>
              <th>{t('status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) =>
              editing === u.id ? (
                <EditRow key={u.id} user={u} unitOrCustomer={u.unit ?? customerName(u.customerId)} onDone={async (saved) => (setEditing(undefined), saved && (await loading.run(load)))} />
              ) : (
                <tr key={u.id} data-user={u.username}>
                  <td>{u.username}</td>
                  <td>{u.displayName}</td>
                  <td data-testid="roles">{u.roles.map((r) => e('role', r)).join('、')}</td>
                  <td data-testid="unit-or-customer">{u.unit ?? customerName(u.customerId)}</td>
                  <td data-testid="active">{u.active ? t('active') : t('disabled')}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setEditing(u.id)}>
                      {t('edit')}
                    </button>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </Section>
      <NewUser onCreated={() => loading.run(load)} />
    </>
  );
}

function EditRow({ user, unitOrCustomer, onDone }: { user: User; unitOrCustomer: string; onDone: (saved: boolean) => Promise<unknown> }) {
  const { t } = useI18n();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [active, setActive] = useState(user.active);
  const save = useAction();
  const submit = async () => {
    const body: Schemas['UpdateUserRequest'] = {
      ...(roles.join() !== user.roles.join() ? { roles } : {}),
      ...(active !== user.active ? { active } : {}),
    };
    if (await save.run(() => must(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body })))) await onDone(true);
  };
  return (
    <tr data-user={user.username} className="editing">
      <td>{user.username}</td>
      <td>{user.displayName}</td>
      <td>
        <RolePicks roles={roles} onChange={setRoles} name="role" />
        <ErrorNote error={save.error} />
      </td>
      <td>{unitOrCustomer}</td>
      <td>
        <label>
          <input type="checkbox" name="active" checked={active} onChange={(ev) => setActive(ev.target.checked)} /> {t('active')}
        </label>
      </td>
      <td className="actions">
        <button type="button" onClick={() => void submit()} disabled={save.busy}>
          {t('save')}
        </button>
        <button type="button" className="link" onClick={() => void onDone(false)}>
          {t('cancel')}
        </button>
      </td>
    </tr>
  );
}

/** A new user; the customers to choose from are read once a customer's user is being made. */
function NewUser({ onCreated }: { onCreated: () => Promise<unknown> }) {
  const { t } = useI18n();
  const empty: Schemas['CreateUserRequest'] = { username: '', displayName: '', password: '', roles: [] };
  const [form, setForm] = useState(empty);
  const [customers, setCustomers] = useState<Customer[]>();
  const listing = useAction();
  const create = useAction();
  const forCustomer = form.roles.includes('customer_user');
  useEffect(() => {
    if (forCustomer && !customers) void listing.run(async () => setCustomers((await must(api.GET('/api/v1/customers', { params: { query: { limit: PAGE } } }))).items));
  }, [forCustomer]);
  const set = (key: 'username' | 'displayName' | 'password' | 'unit' | 'customerId') => (ev: { target: { value: string } }) => setForm({ ...form, [key]: ev.target.value || undefined });
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const body = { ...form, ...(forCustomer ? {} : { customerId: undefined }), ...(form.roles.includes('handling_unit') ? {} : { unit: undefined }) };
    if (await create.run(() => must(api.POST('/api/v1/users', { body })))) {
      setForm(empty);
      await onCreated();
    }
  };
  return (
    <Section title={t('newUser')}>
      <form className="grid-form" aria-label={t('newUser')} onSubmit={submit}>
        <Field label={t('username')}>
          <input name="new-username" value={form.username} onChange={set('username')} required autoComplete="off" />
        </Field>
        <Field label={t('displayName')}>
          <input name="new-displayName" value={form.displayName} onChange={set('displayName')} required />
        </Field>
        <Field label={t('password')}>
          <input name="new-password" type="password" minLength={10} value={form.password} onChange={set('password')} required autoComplete="new-password" />
        </Field>
        <Field label={t('roles')} wide>
          <RolePicks roles={form.roles} onChange={(roles) => setForm({ ...form, roles })} name="new-role" />
        </Field>
        {forCustomer && (
          <Field label={t('customer')}>
            <select name="new-customerId" value={form.customerId ?? ''} onChange={set('customerId')} required>
              <option value="" />
              {(customers ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        {forCustomer && <ErrorNote error={listing.error} />}
        {form.roles.includes('handling_unit') && (
          <Field label={t('unit')}>
            <input name="new-unit" value={form.unit ?? ''} onChange={set('unit')} required />
          </Field>
        )}
        <div className="wide">
          <ErrorNote error={create.error} />
          <button type="submit" disabled={create.busy || form.roles.length === 0}>
            {t('submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}
