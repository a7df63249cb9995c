// API tokens for integrations: the same tokens as `loket token create|list|revoke`. A new token is
// shown once; afterwards only its name and rights are known (the server keeps a hash).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../app/api.ts';
import { Alert, Badge, Button, formatDateTime, Heading, Paragraph, TextField } from '../../ui/index.ts';
import { AdminFrame, CheckGroup, FormCard, StatusMessage, SubmitRow, Table } from './admin-frame.tsx';
import { fieldError } from './field-error.ts';

type TokenRow = {
  id: string;
  name: string;
  permissions: string[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
};
type TokenList = { results: TokenRow[]; availablePermissions: string[]; defaultPermissions: string[] };
type NewToken = { id: string; name: string; token: string; permissions: string[] };

export default function TokensPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const tokens = useQuery({
    queryKey: ['admin', 'api-tokens'],
    queryFn: () => get<TokenList>('/api-tokens'),
  });
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<string[] | null>(null);
  const [created, setCreated] = useState<NewToken | null>(null);
  const [confirming, setConfirming] = useState<TokenRow | null>(null);
  const [message, setMessage] = useState('');
  const shown = useRef<HTMLElement>(null);
  const chosen = permissions ?? tokens.data?.defaultPermissions ?? [];
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'api-tokens'] });

  const create = useMutation({
    mutationFn: () => api<NewToken>('POST', '/api-tokens', { name, permissions: chosen }),
    onSuccess: (tok) => {
      setCreated(tok);
      setName('');
      setPermissions(null);
      return refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (row: TokenRow) => api('DELETE', `/api-tokens/${row.id}`),
    onSuccess: (_r, row) => {
      setMessage(t('admin.tokens.revokedMsg', { name: row.name }));
      setConfirming(null);
      return refresh();
    },
  });
  useEffect(() => {
    if (created) shown.current?.focus();
  }, [created]);
  // ':' is i18next's namespace separator, so the keys use '_'.
  const permName = (p: string) => t(`admin.tokens.permission.${p.replace(':', '_')}`, p);

  return (
    <AdminFrame title={t('admin.pages.tokens.title')} intro={t('admin.pages.tokens.text')}>
      <StatusMessage message={message} />
      {tokens.error ? <Alert type="error">{tokens.error.message}</Alert> : null}
      {revoke.error ? <Alert type="error">{revoke.error.message}</Alert> : null}
      {created ? (
        <section className="loket-card" aria-labelledby="token-created" ref={shown} tabIndex={-1}>
          <Heading level={2} appearance={4} id="token-created">
            {t('admin.tokens.tokenLabel', { name: created.name })}
          </Heading>
          <Alert type="warning">{t('admin.tokens.shownOnce')}</Alert>
          <code className="loket-token" data-testid="new-token">
            {created.token}
          </code>
        </section>
      ) : null}
      <FormCard
        id="token-new"
        title={t('admin.tokens.new')}
        error={create.error}
        onSubmit={() => {
          setMessage('');
          setCreated(null);
          create.mutate();
        }}
      >
        <TextField
          id="token-name"
          label={t('admin.tokens.name')}
          value={name}
          onValue={setName}
          error={fieldError(create.error, 'name')}
          autoComplete="off"
          aria-required="true"
        />
        <CheckGroup
          idPrefix="perm"
          legend={t('admin.tokens.permissions')}
          value={chosen}
          onValue={setPermissions}
          columns
          options={(tokens.data?.availablePermissions ?? []).map((p) => ({ value: p, label: permName(p) }))}
        />
        <SubmitRow editing={false} busy={create.isPending} />
      </FormCard>
      {tokens.data && tokens.data.results.length === 0 ? (
        <Paragraph>{t('admin.tokens.empty')}</Paragraph>
      ) : null}
      <Table
        caption={t('admin.pages.tokens.title')}
        headers={[
          t('admin.tokens.name'),
          t('admin.tokens.permissions'),
          t('admin.tokens.created'),
          t('admin.tokens.lastUsed'),
          t('admin.tokens.status'),
          t('admin.actions'),
        ]}
      >
        {(tokens.data?.results ?? []).map((row) => (
          <tr key={row.id}>
            <td>{row.name}</td>
            <td data-label={t('admin.tokens.permissions')}>{row.permissions.map(permName).join(', ')}</td>
            <td data-label={t('admin.tokens.created')}>{formatDateTime(row.createdAt)}</td>
            <td data-label={t('admin.tokens.lastUsed')}>
              {row.lastUsedAt ? formatDateTime(row.lastUsedAt) : t('admin.tokens.never')}
            </td>
            <td data-label={t('admin.tokens.status')}>
              {row.revokedAt ? (
                <Badge>{t('admin.tokens.revoked', { date: formatDateTime(row.revokedAt) })}</Badge>
              ) : (
                <Badge tone="ok">{t('admin.active')}</Badge>
              )}
            </td>
            <td>
              {row.revokedAt ? null : confirming?.id === row.id ? (
                <div className="loket-task-actions">
                  <span>{t('admin.tokens.confirmRevoke', { name: row.name })}</span>
                  <Button variant="primary" onClick={() => revoke.mutate(row)} busy={revoke.isPending}>
                    {t('admin.tokens.confirm')}
                  </Button>
                  <Button onClick={() => setConfirming(null)}>{t('admin.cancel')}</Button>
                </div>
              ) : (
                <Button
                  aria-label={t('admin.tokens.revokeLabel', { name: row.name })}
                  onClick={() => setConfirming(row)}
                >
                  {t('admin.tokens.revoke')}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </AdminFrame>
  );
}
