import { staffMessages } from '../staff/messages';
import { TASKS } from '../staff/tasks';
import { usePageTitle } from '../ui/forms';
import { useT } from '../ui/i18n';
import { common } from '../ui/messages';
import { Link } from '../ui/router';
import { useSession } from '../ui/session';

export function AdminHome() {
  const t = useT(staffMessages);
  const c = useT(common);
  const { session } = useSession();
  usePageTitle(c('staffHome'));
  const tasks = TASKS.filter(
    (task) => task.href.startsWith('/admin') && task.roles.some((r) => session!.user.roles.includes(r)),
  );
  return (
    <>
      <h1 className="kern-heading-large">{c('staffHome')}</h1>
      <ul className="kern-list">
        {tasks.map((task) => (
          <li key={task.href}>
            <Link className="kern-link" href={task.href}>
              {t(task.title)}
            </Link>{' '}
            – {t(task.text)}
          </li>
        ))}
      </ul>
    </>
  );
}
