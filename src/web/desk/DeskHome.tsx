import { MenuCards } from '../staff/shell/MenuCards';
import { menuFor } from '../staff/shell/menu';
import { shellMessages } from '../staff/shell/messages';
import { usePageTitle } from '../ui/forms';
import { useT } from '../ui/i18n';
import { useSession } from '../ui/session';

/** /desk: the desk part of the staff menu as cards. */
export function DeskHome() {
  const t = useT(shellMessages);
  const { session } = useSession();
  usePageTitle(t('group_desk'));
  const groups = menuFor(session!.user.roles).filter((g) => g.id === 'desk');
  return (
    <>
      <h1 className="kern-heading-large">{t('group_desk')}</h1>
      <MenuCards groups={groups} headingLevel={2} />
    </>
  );
}
