import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../app/auth.ts';
import { useTitle } from '../../app/use-title.ts';
import { Heading, Paragraph } from '../../ui/index.ts';

export default function StartPage() {
  const { t } = useTranslation();
  useTitle(t('start.title'));
  const me = useMe();
  return (
    <>
      <Heading level={1} tabIndex={-1}>
        {t('start.greeting', { name: me.data?.displayName ?? '' })}
      </Heading>
      <Paragraph lead>{t('start.intro')}</Paragraph>
      <ul className="loket-tiles">
        <li>
          <Link to="/contacten/nieuw" className="loket-tile">
            <strong>{t('start.registerTitle')}</strong>
            <span>{t('start.registerText')}</span>
          </Link>
        </li>
        <li>
          <Link to="/taken" className="loket-tile">
            <strong>{t('start.tasksTitle')}</strong>
            <span>{t('start.tasksText')}</span>
          </Link>
        </li>
      </ul>
    </>
  );
}
