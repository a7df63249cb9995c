// Teams (create, rename, members) and the backup owners tasks escalate to.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../app/api.ts';
import type { Team } from '../../app/types.ts';
import { Alert, Button, Heading, Paragraph, Select, TextField } from '../../ui/index.ts';
import { useTeams } from '../contacts/reference-data.ts';
import { useEmployees } from './admin-api.ts';
import { AdminFrame, CheckGroup, FormCard, StatusMessage, SubmitRow, Table } from './admin-frame.tsx';
import { fieldError } from './field-error.ts';

type NamedOwner = { kind: 'employee' | 'team' | 'department'; id: string; name: string };
type Backups = { results: { owner: NamedOwner; backup: NamedOwner }[]; defaultEscalationTeam: string };

export default function TeamsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const teams = useTeams();
  const employees = useEmployees();
  const [message, setMessage] = useState('');
  const [editing, setEditing] = useState<Team | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['teams'] }),
      qc.invalidateQueries({ queryKey: ['admin'] }),
    ]);

  const create = useMutation({
    mutationFn: () => api<Team>('POST', '/teams', { code, name }),
    onSuccess: (team) => {
      setMessage(t('admin.teams.created', { name: team.name }));
      setCode('');
      setName('');
      return refresh();
    },
  });
  const membersOf = (teamId: string) =>
    (employees.data ?? []).filter((e) => e.teams.some((x) => x.id === teamId));

  return (
    <AdminFrame title={t('admin.pages.teams.title')} intro={t('admin.pages.teams.text')}>
      <StatusMessage message={message} />
      {teams.error ? <Alert type="error">{teams.error.message}</Alert> : null}
      <Table
        caption={t('admin.pages.teams.title')}
        headers={[t('admin.teams.name'), t('admin.teams.code'), t('admin.teams.members'), t('admin.actions')]}
      >
        {(teams.data ?? []).map((team) => {
          const members = membersOf(team.id);
          return (
            <tr key={team.id}>
              <td>{team.name}</td>
              <td data-label={t('admin.teams.code')}>
                <code>{team.code}</code>
              </td>
              <td data-label={t('admin.teams.members')}>
                {members.length ? members.map((m) => m.displayName).join(', ') : t('admin.teams.noMembers')}
              </td>
              <td>
                <Button aria-label={`${t('admin.edit')}: ${team.name}`} onClick={() => setEditing(team)}>
                  {t('admin.edit')}
                </Button>
              </td>
            </tr>
          );
        })}
      </Table>
      {editing ? (
        <EditTeam
          key={editing.id}
          team={editing}
          memberIds={membersOf(editing.id).map((m) => m.id)}
          onDone={async (msg) => {
            setMessage(msg);
            setEditing(null);
            await refresh();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <FormCard
        id="team-new"
        title={t('admin.teams.new')}
        error={create.error}
        onSubmit={() => {
          setMessage('');
          create.mutate();
        }}
      >
        <div className="loket-form__row">
          <TextField
            id="team-name"
            label={t('admin.teams.name')}
            value={name}
            onValue={setName}
            error={fieldError(create.error, 'name')}
            aria-required="true"
          />
          <TextField
            id="team-code"
            label={t('admin.teams.code')}
            description={t('admin.teams.codeHelp')}
            value={code}
            onValue={setCode}
            error={fieldError(create.error, 'code')}
            aria-required="true"
          />
        </div>
        <SubmitRow editing={false} busy={create.isPending} />
      </FormCard>
      <BackupsSection onMessage={setMessage} />
    </AdminFrame>
  );
}

function EditTeam(props: {
  team: Team;
  memberIds: string[];
  onDone: (msg: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const employees = useEmployees();
  const [name, setName] = useState(props.team.name);
  const [members, setMembers] = useState(props.memberIds);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const save = useMutation({
    mutationFn: async () => {
      if (name !== props.team.name) await api('PATCH', `/teams/${props.team.id}`, { name });
      await api('PUT', `/teams/${props.team.id}/members`, { employeeIds: members });
    },
    onSuccess: () => props.onDone(t('admin.teams.membersSaved', { name })),
  });
  return (
    <FormCard
      id="team-edit"
      headingRef={heading}
      title={t('admin.teams.editTitle', { name: props.team.name })}
      error={save.error}
      onSubmit={() => save.mutate()}
    >
      <TextField
        id="team-rename"
        label={t('admin.teams.name')}
        value={name}
        onValue={setName}
        aria-required="true"
      />
      <CheckGroup
        idPrefix="member"
        legend={t('admin.teams.membersLegend')}
        value={members}
        onValue={setMembers}
        columns
        options={(employees.data ?? [])
          .filter((e) => e.active)
          .map((e) => ({ value: e.id, label: e.displayName }))}
      />
      <SubmitRow editing busy={save.isPending} onCancel={props.onCancel} />
    </FormCard>
  );
}

function BackupsSection({ onMessage }: { onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const teams = useTeams();
  const backups = useQuery({
    queryKey: ['admin', 'task-backups'],
    queryFn: () => get<Backups>('/task-backups'),
  });
  const [owner, setOwner] = useState('');
  const [backup, setBackup] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'task-backups'] });
  const set = useMutation({
    mutationFn: () =>
      api('PUT', '/task-backups', {
        owner: { kind: 'team', id: owner },
        backup: { kind: 'team', id: backup },
      }),
    onSuccess: () => {
      onMessage(t('admin.teams.backupSet'));
      setOwner('');
      setBackup('');
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (o: NamedOwner) => api('DELETE', '/task-backups', { owner: { kind: o.kind, id: o.id } }),
    onSuccess: () => {
      onMessage(t('admin.teams.backupRemoved'));
      return refresh();
    },
  });
  const teamOptions = [
    { value: '', label: t('admin.teams.choose') },
    ...(teams.data ?? []).map((x) => ({ value: x.id, label: x.name })),
  ];
  const fallback = teams.data?.find((x) => x.code === backups.data?.defaultEscalationTeam)?.name;
  return (
    <section aria-labelledby="backups-title">
      <Heading level={2} id="backups-title">
        {t('admin.teams.backupsTitle')}
      </Heading>
      <Paragraph>
        {t('admin.teams.backupsIntro', { team: fallback ?? backups.data?.defaultEscalationTeam ?? '' })}
      </Paragraph>
      {backups.error ? <Alert type="error">{backups.error.message}</Alert> : null}
      {remove.error ? <Alert type="error">{remove.error.message}</Alert> : null}
      {backups.data && backups.data.results.length === 0 ? (
        <Paragraph>{t('admin.teams.backupNone')}</Paragraph>
      ) : null}
      {backups.data && backups.data.results.length > 0 ? (
        <Table
          caption={t('admin.teams.backupsTitle')}
          headers={[t('admin.teams.backupOwner'), t('admin.teams.backupOf'), t('admin.actions')]}
        >
          {backups.data.results.map((b) => (
            <tr key={`${b.owner.kind}:${b.owner.id}`}>
              <td>
                {t(`admin.teams.kind.${b.owner.kind}`)} {b.owner.name}
              </td>
              <td data-label={t('admin.teams.backupOf')}>
                {t(`admin.teams.kind.${b.backup.kind}`)} {b.backup.name}
              </td>
              <td>
                <Button
                  aria-label={t('admin.teams.removeBackup', { name: b.owner.name })}
                  onClick={() => remove.mutate(b.owner)}
                >
                  {t('admin.teams.remove')}
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
      <form
        className="loket-form loket-card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          set.mutate();
        }}
      >
        {set.error ? <Alert type="error">{set.error.message}</Alert> : null}
        <div className="loket-form__row">
          <Select
            id="backup-owner"
            label={t('admin.teams.backupOwner')}
            value={owner}
            onValue={setOwner}
            options={teamOptions}
          />
          <Select
            id="backup-of"
            label={t('admin.teams.backupOf')}
            value={backup}
            onValue={setBackup}
            options={teamOptions}
          />
        </div>
        <Button type="submit" variant="primary" busy={set.isPending} disabled={!owner || !backup}>
          {t('admin.save')}
        </Button>
      </form>
    </section>
  );
}
