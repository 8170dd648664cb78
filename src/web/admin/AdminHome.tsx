import { MenuCards } from '../staff/shell/MenuCards';
import { menuFor } from '../staff/shell/menu';
import { shellMessages } from '../staff/shell/messages';
import { usePageTitle } from '../ui/forms';
import { useT } from '../ui/i18n';
import { useSession } from '../ui/session';

/** /admin: the administration part of the staff menu as cards. */
export function AdminHome() {
  const t = useT(shellMessages);
  const { session } = useSession();
  usePageTitle(t('group_admin'));
  const groups = menuFor(session!.user.roles).filter((g) => g.id === 'admin');
  return (
    <>
      <h1 className="kern-heading-large">{t('group_admin')}</h1>
      <MenuCards groups={groups} headingLevel={2} />
    </>
  );
}
