// Beheer → Kennisbank: every article, drafts included, with links to edit, history, new and import.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../app/api.ts';
import { Alert, Badge, formatDate } from '../../ui/index.ts';
import { AdminFrame, Table } from '../admin/admin-frame.tsx';
import type { SearchResult } from './knowledge-api.ts';
import './knowledge.css';
import './texts.ts';

export default function KnowledgeAdminPage() {
  const { t } = useTranslation();
  const all = useQuery({
    queryKey: ['knowledge', 'admin-list'],
    queryFn: () => get<SearchResult>('/knowledge?status=all&limit=100'),
  });
  return (
    <AdminFrame title={t('admin.pages.knowledge.title')} intro={t('admin.pages.knowledge.text')}>
      <div className="loket-actions">
        <Link
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
          to="/kennisbank/nieuw"
        >
          {t('kb.newArticle')}
        </Link>
        <Link
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
          to="/kennisbank/importeren"
        >
          {t('kb.import')}
        </Link>
      </div>
      {all.error ? <Alert type="error">{all.error.message}</Alert> : null}
      <Table
        caption={t('admin.pages.knowledge.title')}
        headers={[
          t('kb.adminList.titleCol'),
          t('kb.adminList.status'),
          t('kb.adminList.updated'),
          t('kb.adminList.actions'),
        ]}
      >
        {(all.data?.results ?? []).map((a) => (
          <tr key={a.id}>
            <td>
              <Link className="utrecht-link" to={`/kennisbank/${a.slug}`}>
                {a.title}
              </Link>
            </td>
            <td data-label={t('kb.adminList.status')}>
              {a.status === 'draft' ? (
                <Badge tone="warning">{t('kb.draft')}</Badge>
              ) : (
                <Badge tone="ok">{t('kb.adminList.published')}</Badge>
              )}
            </td>
            <td data-label={t('kb.adminList.updated')}>{formatDate(a.updatedAt)}</td>
            <td>
              <div className="loket-task-actions">
                <Link
                  className="utrecht-link"
                  to={`/kennisbank/${a.slug}/bewerken`}
                  aria-label={`${t('kb.edit')}: ${a.title}`}
                >
                  {t('kb.edit')}
                </Link>
                <Link
                  className="utrecht-link"
                  to={`/kennisbank/${a.slug}/geschiedenis`}
                  aria-label={`${t('kb.history')}: ${a.title}`}
                >
                  {t('kb.history')}
                </Link>
              </div>
            </td>
          </tr>
        ))}
      </Table>
    </AdminFrame>
  );
}
