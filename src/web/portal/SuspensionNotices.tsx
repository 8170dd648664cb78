import { useEffect, useState } from 'react';
import { get } from '../ui/api';
import { Alert } from '../ui/components';
import { useT } from '../ui/i18n';
import { portalMessages } from './messages';

interface Notice {
  authorityId: string;
  name: string;
  slug: string;
  note: string;
}

/**
 * While the operator has suspended an authority, every portal page says so above its content
 * (#12): the authority's name and the operator's note. Loaded after the page, so the server
 * rendering stays the same for everyone; a failed load shows nothing rather than a false alarm.
 */
export function SuspensionNotices() {
  const t = useT(portalMessages);
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    let live = true;
    get<{ notices: Notice[] }>('/api/operations/notices')
      .then((r) => live && setNotices(r.notices))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (notices.length === 0) return null;
  return (
    <section aria-label={t('suspendedRegion')} data-testid="suspension-notices">
      {notices.map((n) => (
        <Alert key={n.authorityId} tone="warning" title={t('suspendedTitle', { name: n.name })}>
          <p className="kern-body">{n.note || t('suspendedNoNote')}</p>
        </Alert>
      ))}
    </section>
  );
}
