// The one search box, on every screen. '/' (outside a text field) or Ctrl+K jumps to it.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';

const isTyping = (el: Element | null) =>
  !!el &&
  (el instanceof HTMLInputElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el as HTMLElement).isContentEditable);

export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const slash =
        e.key === '/' && !isTyping(document.activeElement) && !e.ctrlKey && !e.metaKey && !e.altKey;
      const ctrlK = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k';
      if (slash || ctrlK) {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const query = q.trim();
    if (query) navigate(`/zoeken?q=${encodeURIComponent(query)}`);
  };

  return (
    <search className="loket-search">
      <form onSubmit={submit} className="loket-search__form">
        <label htmlFor="loket-zoek" className="loket-visually-hidden">
          {t('search.label')}
        </label>
        <input
          ref={input}
          id="loket-zoek"
          type="search"
          name="q"
          className="utrecht-textbox utrecht-textbox--html-input loket-search__input"
          placeholder={t('search.placeholder')}
          aria-describedby="loket-zoek-hint"
          autoComplete="off"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <span id="loket-zoek-hint" className="loket-visually-hidden">
          {t('search.shortcut')}
        </span>
        <button type="submit" className="utrecht-button utrecht-button--primary-action loket-search__button">
          {t('search.submit')}
        </button>
      </form>
    </search>
  );
}
