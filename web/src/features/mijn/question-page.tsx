// Ask the municipality a question: a web-form contact and, if wanted, a callback request.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, post } from '../../app/api.ts';
import { Alert, Button, Heading, Paragraph, TextArea, TextField } from '../../ui/index.ts';
import { useMijnTitle } from './mijn-api.ts';

export function QuestionPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  useMijnTitle(t('mijn.questionTitle'));
  const [subject, setSubject] = useState('');
  const [question, setQuestion] = useState('');
  const [callback, setCallback] = useState(false);
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: () =>
      post('/mijn/questions', {
        subject,
        question,
        ...(callback ? { callback: { channel: 'phone', address: phone } } : {}),
      }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: ['mijn', 'overview'] });
      navigate('/mijn', { state: { sent: true } });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!subject.trim()) found.subject = t('mijn.required');
    if (!question.trim()) found.question = t('mijn.required');
    if (callback && !phone.trim()) found.phone = t('mijn.required');
    setErrors(found);
    if (Object.keys(found).length === 0) send.mutate();
  }
  return (
    <>
      <p>
        <Link to="/mijn">{t('mijn.back')}</Link>
      </p>
      <Heading level={1}>{t('mijn.questionTitle')}</Heading>
      <Paragraph>{t('mijn.questionIntro')}</Paragraph>
      {send.isError ? (
        <Alert type="error">{send.error instanceof ApiError ? send.error.message : String(send.error)}</Alert>
      ) : null}
      <form className="loket-form mijn-form" onSubmit={submit} noValidate>
        <TextField
          label={t('mijn.questionSubject')}
          value={subject}
          onValue={setSubject}
          error={errors.subject}
          maxLength={200}
          aria-required="true"
        />
        <TextArea
          label={t('mijn.questionText')}
          value={question}
          onValue={setQuestion}
          error={errors.question}
          rows={6}
        />
        <div className="utrecht-form-field utrecht-form-field--checkbox">
          <label className="utrecht-form-label utrecht-form-label--checkbox">
            <input
              type="checkbox"
              className="utrecht-checkbox utrecht-checkbox--html-input"
              checked={callback}
              onChange={(e) => setCallback(e.target.checked)}
            />{' '}
            {t('mijn.wantCallback')}
          </label>
        </div>
        {callback ? (
          <TextField
            label={t('mijn.phone')}
            type="tel"
            autoComplete="tel"
            value={phone}
            onValue={setPhone}
            error={errors.phone}
            aria-required="true"
          />
        ) : null}
        <Button variant="primary" type="submit" busy={send.isPending}>
          {t('mijn.send')}
        </Button>
      </form>
    </>
  );
}
