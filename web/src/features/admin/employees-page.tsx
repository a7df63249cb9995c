// Employees: local accounts, their roles and teams, and deactivation (the account stays for history).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { Alert, Button, TextField } from '../../ui/index.ts';
import { useTeams } from '../contacts/reference-data.ts';
import { type EmployeeAdmin, roleList, useEmployees } from './admin-api.ts';
import {
  ActiveBadge,
  AdminFrame,
  CheckGroup,
  FormCard,
  StatusMessage,
  SubmitRow,
  Table,
} from './admin-frame.tsx';
import { fieldError } from './field-error.ts';

type Draft = {
  id: string | null;
  username: string;
  displayName: string;
  email: string;
  password: string;
  roles: string[];
  teamIds: string[];
};
const empty: Draft = {
  id: null,
  username: '',
  displayName: '',
  email: '',
  password: '',
  roles: ['kcc'],
  teamIds: [],
};

export default function EmployeesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const employees = useEmployees();
  const teams = useTeams();
  const [draft, setDraft] = useState<Draft>(empty);
  const [message, setMessage] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'employees'] });
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  useEffect(() => {
    if (draft.id) heading.current?.focus();
  }, [draft.id]);

  const save = useMutation({
    mutationFn: (d: Draft) =>
      d.id
        ? api<EmployeeAdmin>('PATCH', `/employees/${d.id}`, {
            displayName: d.displayName,
            email: d.email || null,
            roles: d.roles,
            teamIds: d.teamIds,
            ...(d.password ? { password: d.password } : {}),
          })
        : api<EmployeeAdmin>('POST', '/employees', {
            username: d.username,
            displayName: d.displayName,
            email: d.email || null,
            password: d.password,
            roles: d.roles,
            teamIds: d.teamIds,
          }),
    onSuccess: (e, d) => {
      setMessage(t(d.id ? 'admin.employees.updated' : 'admin.employees.created', { name: e.displayName }));
      setDraft(empty);
      return refresh();
    },
  });
  const activate = useMutation({
    mutationFn: (e: EmployeeAdmin) =>
      api<EmployeeAdmin>('PATCH', `/employees/${e.id}`, { active: !e.active }),
    onSuccess: (e) => {
      setMessage(
        t(e.active ? 'admin.employees.activated' : 'admin.employees.deactivated', { name: e.displayName }),
      );
      return refresh();
    },
  });
  const err = (name: string) => fieldError(save.error, name);
  const roleName = (r: string) => t(`admin.employees.role.${r}`, r);

  return (
    <AdminFrame title={t('admin.pages.employees.title')} intro={t('admin.pages.employees.text')}>
      <StatusMessage message={message} />
      {employees.error ? <Alert type="error">{employees.error.message}</Alert> : null}
      {activate.error ? <Alert type="error">{activate.error.message}</Alert> : null}
      <FormCard
        id="employee-form-title"
        headingRef={heading}
        title={
          draft.id ? t('admin.employees.editTitle', { name: draft.displayName }) : t('admin.employees.new')
        }
        error={save.error}
        onSubmit={() => {
          setMessage('');
          save.mutate(draft);
        }}
      >
        <div className="loket-form__row">
          <TextField
            id="employee-name"
            label={t('admin.employees.name')}
            value={draft.displayName}
            onValue={(v) => set({ displayName: v })}
            error={err('displayName')}
            autoComplete="off"
            aria-required="true"
          />
          <TextField
            id="employee-username"
            label={t('admin.employees.username')}
            value={draft.username}
            onValue={(v) => set({ username: v })}
            error={err('username')}
            readOnly={!!draft.id}
            autoComplete="off"
            aria-required="true"
          />
        </div>
        <div className="loket-form__row">
          <TextField
            id="employee-email"
            label={t('admin.employees.email')}
            type="email"
            value={draft.email}
            onValue={(v) => set({ email: v })}
            error={err('email')}
            autoComplete="off"
          />
          <TextField
            id="employee-password"
            label={draft.id ? t('admin.employees.newPassword') : t('admin.employees.password')}
            description={t('admin.employees.passwordHelp')}
            type="password"
            value={draft.password}
            onValue={(v) => set({ password: v })}
            error={err('password')}
            autoComplete="new-password"
            aria-required={!draft.id}
          />
        </div>
        <CheckGroup
          idPrefix="role"
          legend={t('admin.employees.roles')}
          value={draft.roles}
          onValue={(v) => set({ roles: v })}
          options={roleList.map((r) => ({ value: r, label: roleName(r) }))}
        />
        <CheckGroup
          idPrefix="team"
          legend={t('admin.employees.teams')}
          value={draft.teamIds}
          onValue={(v) => set({ teamIds: v })}
          options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
        />
        <SubmitRow editing={!!draft.id} busy={save.isPending} onCancel={() => setDraft(empty)} />
      </FormCard>
      <Table
        caption={t('admin.pages.employees.title')}
        headers={[
          t('admin.employees.name'),
          t('admin.employees.username'),
          t('admin.employees.roles'),
          t('admin.employees.teams'),
          t('admin.employees.status'),
          t('admin.actions'),
        ]}
      >
        {(employees.data ?? []).map((e) => (
          <tr key={e.id}>
            <td>
              {e.displayName}
              {e.email ? <div className="loket-muted">{e.email}</div> : null}
            </td>
            <td data-label={t('admin.employees.username')}>
              {e.username}
              {e.localLogin ? null : <div className="loket-muted">{t('admin.employees.idpOnly')}</div>}
            </td>
            <td data-label={t('admin.employees.roles')}>
              {e.roles.map(roleName).join(', ') || t('admin.none')}
            </td>
            <td data-label={t('admin.employees.teams')}>
              {e.teams.map((x) => x.name).join(', ') || t('admin.none')}
            </td>
            <td data-label={t('admin.employees.status')}>
              <ActiveBadge active={e.active} />
            </td>
            <td>
              <div className="loket-task-actions">
                <Button
                  aria-label={`${t('admin.edit')}: ${e.displayName}`}
                  onClick={() =>
                    setDraft({
                      id: e.id,
                      username: e.username,
                      displayName: e.displayName,
                      email: e.email ?? '',
                      password: '',
                      roles: e.roles,
                      teamIds: e.teams.map((x) => x.id),
                    })
                  }
                >
                  {t('admin.edit')}
                </Button>
                <Button
                  aria-label={`${e.active ? t('admin.employees.deactivate') : t('admin.employees.activate')}: ${e.displayName}`}
                  onClick={() => activate.mutate(e)}
                >
                  {e.active ? t('admin.employees.deactivate') : t('admin.employees.activate')}
                </Button>
              </div>
            </td>
          </tr>
        ))}
      </Table>
    </AdminFrame>
  );
}
