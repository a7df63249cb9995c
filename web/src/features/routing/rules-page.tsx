// Beheer → Routering: the ordered routing rules, a form to add or change one, and the test form
// "waar zou dit bericht heen gaan?".
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, post } from '../../app/api.ts';
import { Alert, Button, Heading, Paragraph, Select, TextArea, TextField, Toggle } from '../../ui/index.ts';
import {
  ActiveBadge,
  AdminFrame,
  CheckGroup,
  FormCard,
  StatusMessage,
  SubmitRow,
  Table,
} from '../admin/admin-frame.tsx';
import { fieldError } from '../admin/field-error.ts';
import { type Conditions, type Rule, splitList, useLists, useRules } from './routing-api.ts';
import './texts.ts';
import './routing.css';

type Draft = {
  name: string;
  teamId: string;
  active: boolean;
  channels: string[];
  addresses: string;
  reasonCodes: string[];
  keywords: string;
  partyKind: string;
  kvk: string;
  postcodes: string;
};

const emptyDraft: Draft = {
  name: '',
  teamId: '',
  active: true,
  channels: [],
  addresses: '',
  reasonCodes: [],
  keywords: '',
  partyKind: '',
  kvk: '',
  postcodes: '',
};

function toDraft(r: Rule): Draft {
  const c = r.conditions;
  return {
    name: r.name,
    teamId: r.team.id,
    active: r.active,
    channels: c.channels ?? [],
    addresses: (c.addresses ?? []).join('\n'),
    reasonCodes: c.reasonCodes ?? [],
    keywords: (c.keywords ?? []).join(', '),
    partyKind: c.partyKinds?.[0] ?? '',
    kvk: c.hasKvkNummer === true ? 'yes' : c.hasKvkNummer === false ? 'no' : '',
    postcodes: (c.postcodes ?? []).join(', '),
  };
}

function toConditions(d: Draft): Conditions {
  const c: Conditions = {};
  if (d.channels.length) c.channels = d.channels;
  if (splitList(d.addresses).length) c.addresses = splitList(d.addresses);
  if (d.reasonCodes.length) c.reasonCodes = d.reasonCodes;
  if (splitList(d.keywords).length) c.keywords = splitList(d.keywords);
  if (d.partyKind) c.partyKinds = [d.partyKind];
  if (d.kvk) c.hasKvkNummer = d.kvk === 'yes';
  if (splitList(d.postcodes).length) c.postcodes = splitList(d.postcodes);
  return c;
}

function useDescribe() {
  const { t } = useTranslation();
  const lists = useLists();
  return (c: Conditions) => {
    const label = (code: string, list?: { code: string; label: string }[]) =>
      list?.find((x) => x.code === code)?.label ?? code;
    const parts: string[] = [];
    if (c.channels?.length)
      parts.push(
        t('routing.cond.channels', {
          list: c.channels.map((x) => label(x, lists.data?.channels)).join(' of '),
        }),
      );
    if (c.addresses?.length) parts.push(t('routing.cond.addresses', { list: c.addresses.join(' of ') }));
    if (c.reasonCodes?.length)
      parts.push(
        t('routing.cond.reasonCodes', {
          list: c.reasonCodes.map((x) => label(x, lists.data?.reasons)).join(' of '),
        }),
      );
    if (c.keywords?.length) parts.push(t('routing.cond.keywords', { list: c.keywords.join(' of ') }));
    if (c.partyKinds?.length)
      parts.push(
        t('routing.cond.partyKinds', {
          list: c.partyKinds.map((k) => t(`routing.${k}`).toLowerCase()).join(' of '),
        }),
      );
    if (c.hasKvkNummer === true) parts.push(t('routing.cond.kvkYes'));
    if (c.hasKvkNummer === false) parts.push(t('routing.cond.kvkNo'));
    if (c.postcodes?.length) parts.push(t('routing.cond.postcodes', { list: c.postcodes.join(' of ') }));
    return parts.join(t('routing.cond.and'));
  };
}

function RuleForm(props: { editing: Rule | null; onDone: (message: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const lists = useLists();
  const [draft, setDraft] = useState<Draft>(props.editing ? toDraft(props.editing) : emptyDraft);
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) =>
      setDraft((d) => ({ ...d, [k]: v }));
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: draft.name,
        teamId: draft.teamId,
        active: draft.active,
        conditions: toConditions(draft),
      };
      return props.editing
        ? api<Rule>('PATCH', `/routing/rules/${props.editing.id}`, body)
        : api<Rule>('POST', '/routing/rules', body);
    },
    onSuccess: async (rule) => {
      await qc.invalidateQueries({ queryKey: ['routing', 'rules'] });
      setDraft(emptyDraft);
      props.onDone(t('routing.saved', { name: rule.name }));
    },
  });
  const teams = lists.data?.teams ?? [];
  const err = (name: string) => fieldError(save.error, name);
  return (
    <FormCard
      id="rule-form-title"
      title={props.editing ? t('routing.editTitle', { name: props.editing.name }) : t('routing.addTitle')}
      error={save.error}
      onSubmit={() => save.mutate()}
    >
      <div className="loket-form__row">
        <TextField
          id="rule-name"
          label={t('routing.name')}
          value={draft.name}
          onValue={set('name')}
          error={err('name')}
          required
        />
        <Select
          id="rule-team"
          label={t('routing.team')}
          value={draft.teamId}
          onValue={set('teamId')}
          options={[{ value: '', label: '–' }, ...teams.map((x) => ({ value: x.id, label: x.name }))]}
        />
      </div>
      {err('teamId') ? <Alert type="error">{err('teamId')}</Alert> : null}
      <CheckGroup
        legend={t('routing.channels')}
        idPrefix="rule-channel"
        columns
        options={(lists.data?.channels ?? []).map((c) => ({ value: c.code, label: c.label }))}
        value={draft.channels}
        onValue={set('channels')}
      />
      <TextArea
        id="rule-addresses"
        label={t('routing.addresses')}
        description={t('routing.addressesHelp')}
        value={draft.addresses}
        onValue={set('addresses')}
        rows={2}
      />
      <CheckGroup
        legend={t('routing.reasons')}
        idPrefix="rule-reason"
        columns
        options={(lists.data?.reasons ?? []).map((r) => ({ value: r.code, label: r.label }))}
        value={draft.reasonCodes}
        onValue={set('reasonCodes')}
      />
      <TextField
        id="rule-keywords"
        label={t('routing.keywords')}
        description={t('routing.keywordsHelp')}
        value={draft.keywords}
        onValue={set('keywords')}
        error={err('conditions.keywords')}
      />
      <div className="loket-form__row">
        <Select
          id="rule-party-kind"
          label={t('routing.partyKind')}
          value={draft.partyKind}
          onValue={set('partyKind')}
          options={[
            { value: '', label: t('routing.partyAny') },
            { value: 'person', label: t('routing.person') },
            { value: 'organisation', label: t('routing.organisation') },
            { value: 'contact_person', label: t('routing.contact_person') },
          ]}
        />
        <Select
          id="rule-kvk"
          label={t('routing.kvk')}
          value={draft.kvk}
          onValue={set('kvk')}
          options={[
            { value: '', label: t('routing.partyAny') },
            { value: 'yes', label: t('routing.kvkYes') },
            { value: 'no', label: t('routing.kvkNo') },
          ]}
        />
        <TextField
          id="rule-postcodes"
          label={t('routing.postcodes')}
          description={t('routing.postcodesHelp')}
          value={draft.postcodes}
          onValue={set('postcodes')}
          error={err('conditions.postcodes')}
        />
      </div>
      <Toggle id="rule-active" label={t('routing.active')} checked={draft.active} onChange={set('active')} />
      <SubmitRow editing={!!props.editing} busy={save.isPending} onCancel={props.onCancel} />
    </FormCard>
  );
}

function TestForm() {
  const { t } = useTranslation();
  const lists = useLists();
  const [msg, setMsg] = useState({ channel: 'email', address: '', reasonCode: '', subject: '', body: '' });
  const set = (k: keyof typeof msg) => (v: string) => setMsg((m) => ({ ...m, [k]: v }));
  const test = useMutation({
    mutationFn: () =>
      post<{ team: { name: string }; explanation: string }>('/routing/test', {
        channel: msg.channel,
        address: msg.address || null,
        reasonCode: msg.reasonCode || null,
        subject: msg.subject || null,
        body: msg.body || null,
      }),
  });
  return (
    <FormCard
      id="routing-test-title"
      title={t('routing.testTitle')}
      error={test.error}
      onSubmit={() => test.mutate()}
    >
      <Paragraph>{t('routing.testIntro')}</Paragraph>
      <div className="loket-form__row">
        <Select
          id="test-channel"
          label={t('routing.testChannel')}
          value={msg.channel}
          onValue={set('channel')}
          options={(lists.data?.channels ?? []).map((c) => ({ value: c.code, label: c.label }))}
        />
        <TextField
          id="test-address"
          label={t('routing.testAddress')}
          value={msg.address}
          onValue={set('address')}
        />
        <Select
          id="test-reason"
          label={t('routing.testReason')}
          value={msg.reasonCode}
          onValue={set('reasonCode')}
          options={[
            { value: '', label: t('routing.testNoReason') },
            ...(lists.data?.reasons ?? []).map((r) => ({ value: r.code, label: r.label })),
          ]}
        />
      </div>
      <TextField
        id="test-subject"
        label={t('routing.testSubject')}
        value={msg.subject}
        onValue={set('subject')}
      />
      <TextArea
        id="test-body"
        label={t('routing.testBody')}
        value={msg.body}
        onValue={set('body')}
        rows={3}
      />
      <div className="loket-actions">
        <Button type="submit" variant="primary" busy={test.isPending}>
          {t('routing.testSubmit')}
        </Button>
      </div>
      <div role="status" className="loket-routing__result">
        {test.data ? (
          <p>
            <strong>{t('routing.testResult', { team: test.data.team.name })}</strong> {test.data.explanation}
          </p>
        ) : null}
      </div>
    </FormCard>
  );
}

export default function RulesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const rules = useRules();
  const describe = useDescribe();
  const [message, setMessage] = useState('');
  const [editing, setEditing] = useState<Rule | null>(null);
  const formRef = useRef<HTMLDivElement>(null);
  const list = rules.data ?? [];
  const refresh = () => qc.invalidateQueries({ queryKey: ['routing', 'rules'] });
  const move = useMutation({
    mutationFn: (ids: string[]) => api('PUT', '/routing/rules/order', { ids }),
    onSuccess: async () => {
      await refresh();
      setMessage(t('routing.moved'));
    },
  });
  const remove = useMutation({
    mutationFn: (r: Rule) => api('DELETE', `/routing/rules/${r.id}`),
    onSuccess: async (_x, r) => {
      await refresh();
      setMessage(t('routing.removed', { name: r.name }));
    },
  });
  const swap = (i: number, j: number) => {
    const ids = list.map((r) => r.id);
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    move.mutate(ids);
  };

  return (
    <AdminFrame title={t('routingAdmin.rules.title')} intro={t('routing.rulesIntro')}>
      <StatusMessage message={message} />
      {rules.error ? <Alert type="error">{rules.error.message}</Alert> : null}
      {(move.error ?? remove.error) ? (
        <Alert type="error">{(move.error ?? remove.error)?.message}</Alert>
      ) : null}
      <section aria-labelledby="rules-title">
        <Heading level={2} id="rules-title">
          {t('routing.rulesTitle')}
        </Heading>
        {rules.data && list.length === 0 ? <Paragraph>{t('routing.noRules')}</Paragraph> : null}
        {list.length > 0 ? (
          <Table
            caption={t('routing.rulesTitle')}
            headers={[
              t('routing.position'),
              t('routing.name'),
              t('routing.when'),
              t('routing.team'),
              t('routing.status'),
              t('admin.actions'),
            ]}
          >
            {list.map((r, i) => (
              <tr key={r.id}>
                <td>{r.position}</td>
                <td>{r.name}</td>
                <td>{describe(r.conditions)}</td>
                <td>{r.team.name}</td>
                <td>
                  <ActiveBadge active={r.active} />
                </td>
                <td>
                  <div className="loket-actions">
                    <Button
                      aria-label={t('routing.upLabel', { name: r.name })}
                      disabled={i === 0}
                      onClick={() => swap(i, i - 1)}
                    >
                      {t('routing.up')}
                    </Button>
                    <Button
                      aria-label={t('routing.downLabel', { name: r.name })}
                      disabled={i === list.length - 1}
                      onClick={() => swap(i, i + 1)}
                    >
                      {t('routing.down')}
                    </Button>
                    <Button
                      aria-label={t('routing.editLabel', { name: r.name })}
                      onClick={() => {
                        setEditing(r);
                        formRef.current?.querySelector('h2')?.focus();
                      }}
                    >
                      {t('admin.edit')}
                    </Button>
                    <Button
                      aria-label={t('routing.removeLabel', { name: r.name })}
                      onClick={() => {
                        if (window.confirm(t('routing.confirmRemove', { name: r.name }))) remove.mutate(r);
                      }}
                    >
                      {t('routing.remove')}
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
      </section>
      <div ref={formRef}>
        <RuleForm
          key={editing?.id ?? 'new'}
          editing={editing}
          onDone={(m) => {
            setMessage(m);
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      </div>
      <TestForm />
    </AdminFrame>
  );
}
