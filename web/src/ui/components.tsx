// Our own face on the NL Design System: features import from ui/, never from the design-system
// packages, so a component can be swapped (or a municipality's theme applied) in one place.
// Individual packages (utrecht button, candidate heading/paragraph) and the rijkshuisstijl CSS:
// the all-in-one React bundle is not tree-shakable and alone would blow the 300 kB budget.
import { Heading as NldsHeading } from '@nl-design-system-candidate/heading-react';
import { Paragraph as NldsParagraph } from '@nl-design-system-candidate/paragraph-react';
import { Button as UtrechtButton } from '@utrecht/button-react';
import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';

type HeadingLevel = 1 | 2 | 3 | 4 | 5;

export function Heading(props: {
  level: HeadingLevel;
  appearance?: HeadingLevel;
  children: ReactNode;
  id?: string;
  className?: string;
  tabIndex?: number;
  ref?: Ref<HTMLHeadingElement>;
}) {
  const { level, appearance, ...rest } = props;
  return <NldsHeading level={level} appearance={`level-${appearance ?? level}`} {...rest} />;
}

export function Paragraph(props: { children: ReactNode; lead?: boolean; className?: string; id?: string }) {
  const { lead, ...rest } = props;
  return <NldsParagraph purpose={lead ? 'lead' : undefined} {...rest} />;
}

export function Alert(props: {
  type?: 'info' | 'ok' | 'warning' | 'error';
  children: ReactNode;
  id?: string;
}) {
  const type = props.type ?? 'info';
  // role=alert only for errors: info boxes should not interrupt the screen reader.
  return (
    <div
      id={props.id}
      className={`utrecht-alert utrecht-alert--${type}`}
      role={type === 'error' ? 'alert' : 'status'}
    >
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">{props.children}</div>
      </div>
    </div>
  );
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'subtle';
  busy?: boolean;
  ref?: Ref<HTMLButtonElement>;
};

const appearance = {
  primary: 'primary-action-button',
  secondary: 'secondary-action-button',
  subtle: 'subtle-button',
} as const;

export function Button({ variant = 'secondary', busy, type = 'button', ...rest }: ButtonProps) {
  return <UtrechtButton appearance={appearance[variant]} busy={busy} type={type} {...rest} />;
}

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="loket-visually-hidden">{children}</span>;
}

export function Badge({
  children,
  tone = 'neutral',
}: {
  children: ReactNode;
  tone?: 'neutral' | 'warning' | 'danger' | 'ok';
}) {
  return <span className={`loket-badge loket-badge--${tone}`}>{children}</span>;
}
