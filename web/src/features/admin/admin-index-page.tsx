// Beheer: one link per admin screen, from the list in admin-pages.ts.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AdminFrame } from './admin-frame.tsx';
import { adminPages } from './admin-pages.ts';

export default function AdminIndexPage() {
  const { t } = useTranslation();
  return (
    <AdminFrame title={t('admin.title')} intro={t('admin.intro')} back={false}>
      <ul className="loket-admin-index">
        {adminPages.map((p) => (
          <li key={p.path}>
            <Link to={`/beheer/${p.path}`}>
              <strong>{t(`${p.key}.title`)}</strong>
              <span>{t(`${p.key}.text`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </AdminFrame>
  );
}
