// Name, BSN (masked until the employee asks for it: that reveal is logged server-side),
// addresses, digital addresses and the preferred channel.
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { post } from '../../app/api.ts';
import type { Address, PartyDetails } from '../../app/types.ts';
import { Alert, Badge, Button, formatDate, Heading, maskBsn } from '../../ui/index.ts';

export function formatAddress(a: Address): string {
  if (a.addressLines?.length) return a.addressLines.join(', ');
  const number = [a.houseNumber, a.houseLetter, a.houseNumberSuffix ? `-${a.houseNumberSuffix}` : ''].join(
    '',
  );
  return [`${a.street ?? ''} ${number}`.trim(), [a.postcode, a.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
}

export function PartyHeader({ party }: { party: PartyDetails }) {
  const { t } = useTranslation();
  const bsn = party.identifiers.find((i) => i.type === 'bsn');
  const kvk = party.identifiers.find((i) => i.type === 'kvk_nummer');
  const reveal = useMutation({
    mutationFn: () =>
      post<{ bsn: string }>(`/parties/${party.id}/reveal-bsn`, { purpose: 'dienstverlening' }),
  });

  return (
    <section className="loket-party" aria-labelledby="party-name">
      <div className="loket-party__title">
        <Heading level={1} id="party-name" tabIndex={-1}>
          {party.displayName}
        </Heading>
        {party.confidential ? <Badge tone="danger">{t('party.confidential')}</Badge> : null}
      </div>
      <dl className="loket-facts">
        <div>
          <dt>{t('party.number')}</dt>
          <dd>{party.number}</dd>
        </div>
        {party.birthDate ? (
          <div>
            <dt>{t('party.birthDate')}</dt>
            <dd>{formatDate(party.birthDate)}</dd>
          </div>
        ) : null}
        {bsn ? (
          <div>
            <dt>{t('party.bsn')}</dt>
            <dd className="loket-bsn">
              <span aria-live="polite" className="loket-bsn__value">
                {reveal.data ? (
                  reveal.data.bsn
                ) : (
                  <>
                    <span className="loket-visually-hidden">{t('party.bsnMasked')}</span>
                    <span aria-hidden="true">{maskBsn(bsn.value)}</span>
                  </>
                )}
              </span>
              {reveal.data ? null : (
                <Button variant="subtle" onClick={() => reveal.mutate()} busy={reveal.isPending}>
                  {t('party.revealBsn')}
                </Button>
              )}
            </dd>
          </div>
        ) : null}
        {kvk ? (
          <div>
            <dt>{t('party.kvk')}</dt>
            <dd>{kvk.value}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('party.preferredChannel')}</dt>
          <dd>
            {party.preferredChannel
              ? t(`channel.${party.preferredChannel}`, party.preferredChannel)
              : t('party.none')}
          </dd>
        </div>
      </dl>
      {reveal.error ? <Alert type="error">{reveal.error.message}</Alert> : null}
      <div className="loket-party__contact">
        <div>
          <Heading level={2} appearance={4}>
            {t('party.addresses')}
          </Heading>
          {party.addresses.length === 0 ? <p className="loket-muted">{t('party.none')}</p> : null}
          <ul className="loket-plain-list">
            {party.addresses.map((a) => (
              <li key={a.id}>
                <span className="loket-muted">{t(`party.addressKind.${a.kind}`)}: </span>
                {formatAddress(a)}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <Heading level={2} appearance={4}>
            {t('party.digitalAddresses')}
          </Heading>
          {party.digitalAddresses.length === 0 ? <p className="loket-muted">{t('party.none')}</p> : null}
          <ul className="loket-plain-list">
            {party.digitalAddresses.map((d) => (
              <li key={d.id}>
                <span className="loket-muted">{t(`party.digitalKind.${d.kind}`)}: </span>
                {d.kind === 'email' ? (
                  <a className="utrecht-link" href={`mailto:${d.value}`}>
                    {d.value}
                  </a>
                ) : d.kind === 'phone' ? (
                  <a className="utrecht-link" href={`tel:${d.value}`}>
                    {d.value}
                  </a>
                ) : (
                  d.value
                )}
                {d.label ? <span className="loket-muted"> ({d.label})</span> : null}
                {d.isPreferred ? <Badge tone="ok">{t('party.preferred')}</Badge> : null}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
