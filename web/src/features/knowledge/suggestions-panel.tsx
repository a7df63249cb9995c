// Side panel next to the customer view and the registration form: articles for the chosen contact
// reason, so the answer is one click away while the resident is on the line.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Heading, Paragraph } from '../../ui/index.ts';
import { useSuggestions } from './knowledge-api.ts';
import './knowledge.css';
import './texts.ts';

export function SuggestionsPanel(props: {
  reasonCode: string | null | undefined;
  reasonLabel?: string | null;
}) {
  const { t } = useTranslation();
  const suggestions = useSuggestions(props.reasonCode);
  return (
    <aside className="loket-kb-panel" aria-labelledby="kb-panel-title">
      <Heading level={2} appearance={4} id="kb-panel-title">
        {t('kb.suggestions.title')}
      </Heading>
      <div aria-live="polite">
        {!props.reasonCode ? <Paragraph>{t('kb.suggestions.pick')}</Paragraph> : null}
        {props.reasonCode && props.reasonLabel ? (
          <p className="loket-muted">{t('kb.suggestions.for', { reason: props.reasonLabel })}</p>
        ) : null}
        {props.reasonCode && suggestions.data?.length === 0 ? (
          <Paragraph>{t('kb.suggestions.none')}</Paragraph>
        ) : null}
        {suggestions.data?.length ? (
          <ul>
            {suggestions.data.map((s) => (
              <li key={s.id}>
                <Link className="utrecht-link" to={`/kennisbank/${s.slug}`}>
                  {s.title}
                </Link>
                <p>{s.summary}</p>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </aside>
  );
}

export default SuggestionsPanel;
