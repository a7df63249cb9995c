// The frame of every Beheer screen: title, a way back to the index, and the admin check (the server
// refuses non-admins anyway; this only spares them a screen full of errors).
import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../app/auth.ts';
import { useTitle } from '../../app/use-title.ts';
import { Alert, Badge, Button, Heading, Paragraph } from '../../ui/index.ts';
import './texts.ts';
import './admin.css';

export const isAdmin = (roles: string[] | undefined) => !!roles?.includes('admin');

export function AdminFrame(props: { title: string; intro?: ReactNode; children: ReactNode; back?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  useTitle(props.title);
  return (
    <div className="loket-admin">
      {props.back === false ? null : (
        <p className="loket-admin__back">
          <Link className="utrecht-link" to="/beheer">
            {t('admin.back')}
          </Link>
        </p>
      )}
      <Heading level={1} tabIndex={-1}>
        {props.title}
      </Heading>
      {props.intro ? <Paragraph>{props.intro}</Paragraph> : null}
      {isAdmin(me.data?.roles) ? props.children : <Alert type="warning">{t('admin.noAccess')}</Alert>}
    </div>
  );
}

/** A polite live region for "saved" messages, always in the DOM so screen readers hear changes. */
export function StatusMessage({ message }: { message: string }) {
  return (
    <p role="status" className="loket-admin__status">
      {message}
    </p>
  );
}

/** Checkboxes in a fieldset with a legend: roles, teams, permissions, members. */
export function CheckGroup(props: {
  legend: string;
  options: { value: string; label: string }[];
  value: string[];
  onValue: (v: string[]) => void;
  idPrefix: string;
  columns?: boolean;
}) {
  const toggle = (v: string, on: boolean) =>
    props.onValue(on ? [...props.value, v] : props.value.filter((x) => x !== v));
  return (
    <fieldset className="loket-checkgroup">
      <legend className="utrecht-form-label">{props.legend}</legend>
      <div className={props.columns ? 'loket-checkgroup__grid' : 'loket-checkgroup__list'}>
        {props.options.map((o) => {
          const id = `${props.idPrefix}-${o.value.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
          return (
            <div key={o.value} className="loket-checkgroup__item">
              <input
                id={id}
                type="checkbox"
                className="utrecht-checkbox utrecht-checkbox--html-input"
                checked={props.value.includes(o.value)}
                onChange={(e) => toggle(o.value, e.target.checked)}
              />
              <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={id}>
                {o.label}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** A table with the design system's classes and a caption for screen readers. */
export function Table(props: {
  caption: string;
  headers: string[];
  children: ReactNode;
  captionVisible?: boolean;
}) {
  return (
    <div className="loket-table-wrap">
      <table className="utrecht-table utrecht-table--html-table loket-table">
        <caption className={`utrecht-table__caption${props.captionVisible ? '' : ' loket-visually-hidden'}`}>
          {props.caption}
        </caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            {props.headers.map((h) => (
              <th key={h} className="utrecht-table__header-cell" scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="utrecht-table__body">{props.children}</tbody>
      </table>
    </div>
  );
}

/** A titled card with one form: the error of the last submit on top, Enter submits. */
export function FormCard(props: {
  id: string;
  title: string;
  error?: Error | null;
  onSubmit: () => void;
  children: ReactNode;
  headingRef?: Ref<HTMLHeadingElement>;
  level?: 2 | 3;
}) {
  return (
    <section className="loket-card" aria-labelledby={props.id}>
      <Heading level={props.level ?? 2} appearance={4} id={props.id} ref={props.headingRef} tabIndex={-1}>
        {props.title}
      </Heading>
      {props.error ? <Alert type="error">{props.error.message}</Alert> : null}
      <form
        className="loket-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        {props.children}
      </form>
    </section>
  );
}

/** Save (or add) and, while editing, cancel. */
export function SubmitRow(props: {
  editing: boolean;
  busy: boolean;
  onCancel?: () => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="loket-actions">
      <Button type="submit" variant="primary" busy={props.busy} disabled={props.disabled}>
        {props.editing ? t('admin.save') : t('admin.add')}
      </Button>
      {props.editing && props.onCancel ? <Button onClick={props.onCancel}>{t('admin.cancel')}</Button> : null}
    </div>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return active ? <Badge tone="ok">{t('admin.active')}</Badge> : <Badge>{t('admin.inactive')}</Badge>;
}
