// A type-ahead list (WAI-ARIA 1.2 combobox with a listbox popup, utrecht listbox styling).
// Typing filters and highlights the first match; ↑/↓ move; Enter picks; Escape closes. Enter
// never submits the surrounding form while the list is open, so the form works by keyboard alone.
import { type KeyboardEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { describedBy, Shell } from './fields.tsx';

export type ComboOption = { value: string; label: string; hint?: string };

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function Combobox(props: {
  label: ReactNode;
  options: ComboOption[];
  value: string | null;
  onChange: (value: string | null) => void;
  description?: ReactNode;
  error?: string | null;
  id?: string;
  placeholder?: string;
}) {
  const fallback = useId();
  const id = props.id ?? fallback;
  const listId = `${id}-list`;
  const selected = props.options.find((o) => o.value === props.value) ?? null;
  const [text, setText] = useState<string | null>(null); // null: show the selected label
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const shown = text ?? selected?.label ?? '';
  const matches = useMemo(() => {
    const q = fold(text ?? '').trim();
    if (!q) return props.options.slice(0, 50);
    const words = q.split(/\s+/);
    return props.options
      .filter((o) => words.every((w) => fold(`${o.label} ${o.hint ?? ''}`).includes(w)))
      .slice(0, 50);
  }, [text, props.options]);

  const pick = (o: ComboOption | undefined) => {
    if (!o) return;
    props.onChange(o.value);
    setText(null);
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((a) => Math.min(a + 1, matches.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      pick(matches[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
      setText(null);
    }
  };

  const activeId = open && matches[active] ? `${id}-opt-${active}` : undefined;
  return (
    <Shell
      id={id}
      label={props.label}
      description={props.description}
      error={props.error}
      inputClassName="loket-combobox__wrap"
    >
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props)}
        placeholder={props.placeholder}
        className="utrecht-textbox utrecht-textbox--html-input"
        value={shown}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
          if (e.target.value === '') props.onChange(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          setText(null);
        }}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={typeof props.label === 'string' ? props.label : undefined}
        className="utrecht-listbox loket-combobox__list"
        hidden={!open || matches.length === 0}
      >
        {matches.map((o, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: options of a combobox are reached through aria-activedescendant, focus stays in the input
          <div
            key={o.value}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={`utrecht-listbox__option${i === active ? ' utrecht-listbox__option--active' : ''}`}
            // mousedown, not click: it fires before the input's blur closes the list.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o);
            }}
          >
            {o.label}
            {o.hint ? <span className="loket-combobox__hint"> · {o.hint}</span> : null}
          </div>
        ))}
      </div>
    </Shell>
  );
}
