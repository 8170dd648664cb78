import { useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import type { MenuGroup } from './menu';
import { shellMessages } from './messages';

/** The menu's entries as cards with their description: the staff start page and the area overviews. */
export function MenuCards({ groups, headingLevel }: { groups: MenuGroup[]; headingLevel: 2 | 3 }) {
  const t = useT(shellMessages);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="bk-card-grid">
      {groups.flatMap((g) =>
        g.entries.map((e) => (
          <article className="kern-card kern-card--interactive" key={e.id}>
            <div className="kern-card__container">
              <header className="kern-card__header">
                <Heading className="kern-title">
                  {e.external ? (
                    <a className="kern-link kern-link--stretched" href={e.href}>
                      {t(`menu_${e.id}`)}
                    </a>
                  ) : (
                    <Link className="kern-link kern-link--stretched" href={e.href}>
                      {t(`menu_${e.id}`)}
                    </Link>
                  )}
                </Heading>
              </header>
              <div className="kern-card__body">
                <p className="kern-body">{t(`text_${e.id}`)}</p>
              </div>
            </div>
          </article>
        )),
      )}
    </div>
  );
}
