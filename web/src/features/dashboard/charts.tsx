// Simple accessible charts without a chart library: horizontal bars as a list (label, bar, value are
// all text for a screen reader; the bar itself is decoration), columns as an SVG with a text
// alternative, and every chart with a table view in a <details>.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Heading } from '../../ui/index.ts';

const nf = new Intl.NumberFormat('nl-NL');
const pf = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 1 });
export const num = (n: number) => nf.format(n);
export const pct = (r: number | null | undefined) => (r === null || r === undefined ? '–' : pf.format(r));
export const signedPct = (r: number | null | undefined) =>
  r === null || r === undefined ? '–' : `${r > 0 ? '+' : ''}${pf.format(r)}`;

export type Bar = {
  key: string;
  label: string;
  value: number;
  display?: string;
  note?: string;
  href?: string;
};

export function BarList({ rows, label }: { rows: Bar[]; label: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <ul className="loket-bars" aria-label={label}>
      {rows.map((r) => (
        <li key={r.key} className="loket-bars__row">
          <span className="loket-bars__label">
            {r.href ? (
              <Link className="utrecht-link" to={r.href}>
                {r.label}
              </Link>
            ) : (
              r.label
            )}
          </span>
          <span className="loket-bars__track" aria-hidden="true">
            <span className="loket-bars__bar" style={{ width: `${(Math.max(0, r.value) / max) * 100}%` }} />
          </span>
          <span className="loket-bars__value">
            {r.display ?? num(r.value)}
            {r.note ? <span className="loket-muted"> {r.note}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

export type Column = { key: string; label: string; value: number; href?: string };

/** Vertical columns; the SVG has a text alternative, the numbers are in the table view. */
export function ColumnChart({ columns, label }: { columns: Column[]; label: string }) {
  const max = Math.max(1, ...columns.map((c) => c.value));
  const w = 100 / Math.max(1, columns.length);
  const every = Math.ceil(columns.length / 12);
  return (
    <svg
      className="loket-columns"
      viewBox="0 0 100 56"
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      {columns.map((c, i) => {
        const h = (c.value / max) * 48;
        return (
          <g key={c.key}>
            <rect className="loket-columns__bar" x={i * w + w * 0.1} y={50 - h} width={w * 0.8} height={h}>
              <title>{`${c.label}: ${num(c.value)}`}</title>
            </rect>
            {i % every === 0 ? (
              <text className="loket-columns__tick" x={i * w + w / 2} y={55} textAnchor="middle">
                {c.label}
              </text>
            ) : null}
          </g>
        );
      })}
      <line x1="0" x2="100" y1="50" y2="50" className="loket-columns__axis" />
    </svg>
  );
}

export function TableView({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string[];
  rows: { key: string; cells: ReactNode[] }[];
}) {
  const { t } = useTranslation();
  return (
    <details className="loket-tableview">
      <summary>{t('dashboard.showTable')}</summary>
      <ScrollRegion label={caption}>
        <table className="loket-table">
          <caption className="loket-visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                {r.cells.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells of one row have a fixed order
                  <td key={i}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}

export function Figure({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="loket-figure" aria-labelledby={id}>
      <Heading level={2} appearance={3} id={id}>
        {title}
      </Heading>
      {intro ? <p className="loket-muted loket-figure__intro">{intro}</p> : null}
      {children}
    </section>
  );
}

/** A table that may scroll sideways on a narrow screen: focusable so the keyboard can scroll it. */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="loket-tableview__scroll" tabIndex={0} aria-label={`${label} (tabel)`}>
      {children}
    </section>
  );
}
