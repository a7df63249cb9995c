// The inline callback request shown when a contact is not resolved: owner team, term, number.
import { useTranslation } from 'react-i18next';
import { Combobox, Heading, TextArea, TextField } from '../../ui/index.ts';
import { useTeams } from './reference-data.ts';

export type CallbackDraft = {
  teamId: string | null;
  due: string;
  dueTouched: boolean;
  phone: string;
  note: string;
};

export function CallbackFields(props: {
  value: CallbackDraft;
  onChange: (v: CallbackDraft) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const teams = useTeams();
  const v = props.value;
  const set = (patch: Partial<CallbackDraft>) => props.onChange({ ...v, ...patch });
  return (
    <fieldset className="loket-fieldset">
      <legend>
        <Heading level={2} appearance={4}>
          {t('register.callbackTitle')}
        </Heading>
      </legend>
      <Combobox
        id="callback-team"
        label={t('register.callbackTeam')}
        options={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
        value={v.teamId}
        onChange={(teamId) => set({ teamId })}
        error={props.errors.teamId}
      />
      <TextField
        id="callback-due"
        type="date"
        label={t('register.callbackDue')}
        description={t('register.callbackDueHint')}
        value={v.due}
        onValue={(due) => set({ due, dueTouched: true })}
        error={props.errors.due}
      />
      <TextField
        id="callback-phone"
        type="tel"
        label={t('register.callbackPhone')}
        autoComplete="off"
        value={v.phone}
        onValue={(phone) => set({ phone })}
        error={props.errors.phone}
      />
      <TextArea
        id="callback-note"
        label={t('register.callbackNote')}
        rows={2}
        value={v.note}
        onValue={(note) => set({ note })}
      />
    </fieldset>
  );
}
