// Form fields in NL Design System markup (utrecht form-field / form-label / textbox / textarea /
// checkbox classes), with the label, description and error wired to the input for screen readers.
import { type ChangeEvent, type InputHTMLAttributes, type ReactNode, type Ref, useId } from 'react';
import { useTranslation } from 'react-i18next';

export type FieldShell = { label: ReactNode; description?: ReactNode; error?: string | null };

/** Label, description and error around an input; shared by every field, the combobox included. */
export function Shell(
  props: FieldShell & { id: string; children: ReactNode; kind?: string; inputClassName?: string },
) {
  return (
    <div
      className={`utrecht-form-field utrecht-form-field--${props.kind ?? 'text'}${props.error ? ' utrecht-form-field--invalid' : ''}`}
    >
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={props.id}>
          {props.label}
        </label>
      </div>
      {props.description ? (
        <div className="utrecht-form-field-description" id={`${props.id}-desc`}>
          {props.description}
        </div>
      ) : null}
      {props.error ? (
        <div className="utrecht-form-field-error-message" id={`${props.id}-err`}>
          {props.error}
        </div>
      ) : null}
      <div className={`utrecht-form-field__input ${props.inputClassName ?? ''}`}>{props.children}</div>
    </div>
  );
}

export const describedBy = (id: string, p: FieldShell) =>
  [p.description ? `${id}-desc` : null, p.error ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;

type TextFieldProps = FieldShell &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> & {
    onValue?: (value: string) => void;
    ref?: Ref<HTMLInputElement>;
  };

export function TextField({
  label,
  description,
  error,
  onValue,
  id: givenId,
  className,
  ...input
}: TextFieldProps) {
  const fallback = useId();
  const id = givenId ?? fallback;
  return (
    <Shell id={id} label={label} description={description} error={error}>
      <input
        id={id}
        className={`utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''} ${className ?? ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, description, error })}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onValue?.(e.target.value)}
        {...input}
      />
    </Shell>
  );
}

export function TextArea(
  props: FieldShell & {
    value: string;
    onValue: (v: string) => void;
    rows?: number;
    id?: string;
    name?: string;
  },
) {
  const fallback = useId();
  const id = props.id ?? fallback;
  return (
    <Shell id={id} label={props.label} description={props.description} error={props.error} kind="textarea">
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        className="utrecht-textarea utrecht-textarea--html-textarea"
        value={props.value}
        aria-describedby={describedBy(id, props)}
        onChange={(e) => props.onValue(e.target.value)}
      />
    </Shell>
  );
}

/** A yes/no switch as a native checkbox with role=switch: Space toggles it, as users expect. */
export function Toggle(props: {
  label: ReactNode;
  checked: boolean;
  onChange: (v: boolean) => void;
  id?: string;
  description?: ReactNode;
}) {
  const fallback = useId();
  const id = props.id ?? fallback;
  const { t } = useTranslation();
  return (
    <div className="loket-toggle">
      <div className="loket-toggle__row">
        <input
          id={id}
          type="checkbox"
          role="switch"
          aria-checked={props.checked}
          className="utrecht-checkbox utrecht-checkbox--html-input"
          checked={props.checked}
          aria-describedby={props.description ? `${id}-desc` : undefined}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        <label className="utrecht-form-label" htmlFor={id}>
          {props.label}
        </label>
        <span className="loket-toggle__state" aria-hidden="true">
          {props.checked ? t('common.yes') : t('common.no')}
        </span>
      </div>
      {props.description ? (
        <div className="utrecht-form-field-description" id={`${id}-desc`}>
          {props.description}
        </div>
      ) : null}
    </div>
  );
}

export function Select(props: {
  label: ReactNode;
  value: string;
  onValue: (v: string) => void;
  options: { value: string; label: string }[];
  id?: string;
}) {
  const fallback = useId();
  const id = props.id ?? fallback;
  return (
    <Shell id={id} label={props.label} kind="select">
      <select
        id={id}
        className="utrecht-select utrecht-select--html-select"
        value={props.value}
        onChange={(e) => props.onValue(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}
