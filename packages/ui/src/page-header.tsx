import type { ReactNode } from 'react';

export interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  /** Page-level actions, right-aligned. */
  actions?: ReactNode;
}

/** The page's h1; it takes programmatic focus (tabIndex -1) so client-side navigation can announce the new page. */
export function PageHeader({ title, description, actions }: PageHeaderProps) {
  return (
    <header className="ui-page-header">
      <div className="ui-page-header__text">
        <h1 className="ui-page-header__title" tabIndex={-1}>
          {title}
        </h1>
        {description && <p className="ui-page-header__description">{description}</p>}
      </div>
      {actions && <div className="ui-page-header__actions">{actions}</div>}
    </header>
  );
}
