// Beside a chat with a resident who came logged in to MijnGemeente: who it is and their latest
// contacts, from the customer view (reading it is logged server-side, as on the customer page).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../app/api.ts';
import type { CustomerView } from '../../app/types.ts';
import { Alert, formatDateTime, Heading, Paragraph } from '../../ui/index.ts';

export function ChatCustomer({ partyId, headingId }: { partyId: string; headingId: string }) {
  const { t } = useTranslation();
  const view = useQuery({
    queryKey: ['customer-view', partyId, 'chat'],
    queryFn: () => get<CustomerView>(`/parties/${partyId}/view?limit=5`),
  });
  const party = view.data?.party;
  return (
    <aside className="loket-chat-customer" aria-labelledby={headingId}>
      <Heading level={3} appearance={4} id={headingId}>
        {t('chat.customerHeading')}
      </Heading>
      {view.error ? <Alert type="error">{view.error.message}</Alert> : null}
      {!party ? (
        view.error ? null : (
          <Paragraph>{t('chat.loadingCustomer')}</Paragraph>
        )
      ) : (
        <>
          <p className="loket-chat-customer__name">{party.displayName}</p>
          <p className="loket-chat-customer__note">{t('chat.loggedIn')}</p>
          <dl className="loket-facts">
            <div>
              <dt>{t('chat.partyNumber')}</dt>
              <dd>{party.number}</dd>
            </div>
          </dl>
          <Heading level={4} appearance={5}>
            {t('chat.recentContacts')}
          </Heading>
          {view.data?.timeline.items.length ? (
            <ul className="loket-chat-customer__timeline">
              {view.data.timeline.items.map((item) => (
                <li key={`${item.kind}-${item.id}`}>
                  <span className="loket-chat-customer__when">{formatDateTime(item.at)}</span> {item.title}
                </li>
              ))}
            </ul>
          ) : (
            <Paragraph>{t('chat.noContacts')}</Paragraph>
          )}
          <Link to={`/klanten/${partyId}`}>{t('chat.customer')}</Link>
        </>
      )}
    </aside>
  );
}
