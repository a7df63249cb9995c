// A radio group in NL Design System markup (utrecht fieldset, radio button and form label): a
// fieldset with a legend, so a screen reader names the question with every option; arrow keys move
// between the options, as native radios do. Plus the types the preferences API answers.
import { type ReactNode, useId } from 'react';

export type PortalAddress = {
  id: string;
  kind: 'email' | 'phone';
  value: string;
  isPreferred: boolean;
  verifiedAt: string | null;
};
export const messageKinds = ['case_status', 'callback', 'document', 'announcement'] as const;
export type MessageKind = (typeof messageKinds)[number];
export type Channel = 'email' | 'sms' | 'whatsapp' | 'post';
export type PreferencesData = {
  digitalAddresses: PortalAddress[];
  messagePreferences: Record<MessageKind, Channel | null>;
  language: string;
};

export function RadioGroup(props: {
  name: string;
  legend: ReactNode;
  description?: ReactNode;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: ReactNode; disabled?: boolean }[];
  error?: string | null;
}) {
  const id = useId();
  const described = [props.description ? `${id}-desc` : null, props.error ? `${id}-err` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset
      className={`utrecht-form-fieldset mijn-radios${props.error ? ' mijn-radios--invalid' : ''}`}
      aria-describedby={described || undefined}
    >
      <legend className="utrecht-form-fieldset__legend mijn-radios__legend">{props.legend}</legend>
      {props.description ? (
        <div className="utrecht-form-field-description" id={`${id}-desc`}>
          {props.description}
        </div>
      ) : null}
      {props.error ? (
        <div className="utrecht-form-field-error-message" id={`${id}-err`}>
          {props.error}
        </div>
      ) : null}
      {props.options.map((o) => (
        <div key={o.value} className="utrecht-form-field utrecht-form-field--radio">
          <input
            type="radio"
            id={`${id}-${o.value}`}
            name={props.name}
            value={o.value}
            className="utrecht-radio-button utrecht-radio-button--html-input"
            checked={props.value === o.value}
            disabled={o.disabled}
            onChange={() => props.onChange(o.value)}
          />
          <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`${id}-${o.value}`}>
            {o.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}
