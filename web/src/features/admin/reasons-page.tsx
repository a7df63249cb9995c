// Contact reasons with their service norm (working days to call back) and default team.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../app/api.ts';
import type { Reason } from '../../app/types.ts';
import { Alert, Button, Select, TextField, Toggle } from '../../ui/index.ts';
import { useTeams } from '../contacts/reference-data.ts';
import { ActiveBadge, AdminFrame, FormCard, StatusMessage, SubmitRow, Table } from './admin-frame.tsx';
import { fieldError } from './field-error.ts';

type Draft = {
  id: string | null;
  code: string;
  label: string;
  norm: string;
  teamId: string;
  active: boolean;
};
const empty: Draft = { id: null, code: '', label: '', norm: '2', teamId: '', active: true };

export default function ReasonsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const teams = useTeams();
  const reasons = useQuery({
    queryKey: ['admin', 'contact-reasons'],
    queryFn: () => get<{ results: Required<Reason>[] }>('/contact-reasons'),
  });
  const [draft, setDraft] = useState<Draft>(empty);
  const [message, setMessage] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const teamName = (id: string | null) =>
    teams.data?.find((x) => x.id === id)?.name ?? t('admin.reasons.noTeam');

  const save = useMutation({
    mutationFn: (d: Draft) => {
      const body = {
        label: d.label,
        code: d.code,
        serviceNormDays: Number(d.norm),
        teamId: d.teamId || null,
        active: d.active,
      };
      return d.id
        ? api<Reason>('PATCH', `/contact-reasons/${d.id}`, body)
        : api<Reason>('POST', '/contact-reasons', body);
    },
    onSuccess: (r, d) => {
      setMessage(t(d.id ? 'admin.reasons.updated' : 'admin.reasons.created', { label: r.label }));
      setDraft(empty);
      void qc.invalidateQueries({ queryKey: ['contact-reasons'] });
      return qc.invalidateQueries({ queryKey: ['admin', 'contact-reasons'] });
    },
  });

  useEffect(() => {
    if (draft.id) heading.current?.focus();
  }, [draft.id]);

  const submit = () => {
    setMessage('');
    save.mutate(draft);
  };
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const err = (name: string) => fieldError(save.error, name);

  return (
    <AdminFrame title={t('admin.pages.reasons.title')} intro={t('admin.pages.reasons.text')}>
      <StatusMessage message={message} />
      {reasons.error ? <Alert type="error">{reasons.error.message}</Alert> : null}
      <FormCard
        id="reason-form-title"
        headingRef={heading}
        title={draft.id ? t('admin.reasons.editTitle', { label: draft.label }) : t('admin.reasons.new')}
        error={save.error}
        onSubmit={submit}
      >
        <TextField
          id="reason-label"
          label={t('admin.reasons.label')}
          value={draft.label}
          onValue={(v) => set({ label: v })}
          error={err('label')}
          aria-required="true"
        />
        <div className="loket-form__row">
          <TextField
            id="reason-code"
            label={t('admin.reasons.code')}
            description={t('admin.reasons.codeHelp')}
            value={draft.code}
            onValue={(v) => set({ code: v })}
            error={err('code')}
            aria-required="true"
          />
          <TextField
            id="reason-norm"
            label={t('admin.reasons.norm')}
            type="number"
            min={1}
            max={365}
            inputMode="numeric"
            value={draft.norm}
            onValue={(v) => set({ norm: v })}
            error={err('serviceNormDays')}
            aria-required="true"
          />
        </div>
        <Select
          id="reason-team"
          label={t('admin.reasons.team')}
          value={draft.teamId}
          onValue={(v) => set({ teamId: v })}
          options={[
            { value: '', label: t('admin.reasons.noTeam') },
            ...(teams.data ?? []).map((x) => ({ value: x.id, label: x.name })),
          ]}
        />
        <Toggle
          id="reason-active"
          label={t('admin.active')}
          checked={draft.active}
          onChange={(v) => set({ active: v })}
        />
        <SubmitRow editing={!!draft.id} busy={save.isPending} onCancel={() => setDraft(empty)} />
      </FormCard>
      <Table
        caption={t('admin.pages.reasons.title')}
        headers={[
          t('admin.reasons.label'),
          t('admin.reasons.code'),
          t('admin.reasons.normShort'),
          t('admin.reasons.team'),
          t('admin.reasons.status'),
          t('admin.actions'),
        ]}
      >
        {(reasons.data?.results ?? []).map((r) => (
          <tr key={r.id}>
            <td>{r.label}</td>
            <td data-label={t('admin.reasons.code')}>
              <code>{r.code}</code>
            </td>
            <td data-label={t('admin.reasons.normShort')}>
              {t('admin.reasons.days', { count: r.serviceNormDays ?? 0 })}
            </td>
            <td data-label={t('admin.reasons.team')}>{teamName(r.teamId)}</td>
            <td data-label={t('admin.reasons.status')}>
              <ActiveBadge active={r.active !== false} />
            </td>
            <td>
              <Button
                aria-label={`${t('admin.edit')}: ${r.label}`}
                onClick={() =>
                  setDraft({
                    id: r.id,
                    code: r.code,
                    label: r.label,
                    norm: String(r.serviceNormDays ?? 2),
                    teamId: r.teamId ?? '',
                    active: r.active !== false,
                  })
                }
              >
                {t('admin.edit')}
              </Button>
            </td>
          </tr>
        ))}
      </Table>
    </AdminFrame>
  );
}
