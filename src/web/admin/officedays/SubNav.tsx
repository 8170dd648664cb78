import { useT } from '../../ui/i18n';
import { Link, usePath } from '../../ui/router';
import { adminOfficeDayMessages } from './messages';

/** The three parts of planning: office days, home visits with tours, demand per village. */
export function SubNav() {
  const t = useT(adminOfficeDayMessages);
  const path = usePath();
  const items = [
    { href: '/admin/sprechtage', label: t('navDays') },
    { href: '/admin/sprechtage/hausbesuche', label: t('navVisits') },
    { href: '/admin/sprechtage/nachfrage', label: t('navDemand') },
  ];
  return (
    <nav aria-label={t('subNav')}>
      <ul className="kern-list kern-list--horizontal">
        {items.map((i) => (
          <li key={i.href}>
            <Link className="kern-link" href={i.href} aria-current={path === i.href ? 'page' : undefined}>
              {i.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
