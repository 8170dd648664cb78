import { useEffect, useState } from 'react';
import { get } from '../ui/api';
import { Alert } from '../ui/components';
import { useT } from '../ui/i18n';
import { NOTICES_URL, type Notice } from '../ui/notices-api';
import { usePreloaded } from '../ui/server-render';
import { portalMessages } from './messages';

/**
 * While the operator has suspended an authority, every portal page says so above its content
 * (#12): the authority's name and the operator's note. A server-rendered page carries them (no
 * second request while it hydrates); other pages load them; a failed load shows nothing rather
 * than a false alarm.
 */
export function SuspensionNotices() {
  const t = useT(portalMessages);
  const preloaded = usePreloaded<{ notices: Notice[] }>(NOTICES_URL);
  const [notices, setNotices] = useState<Notice[]>(preloaded?.status === 200 ? preloaded.body.notices : []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: preloaded belongs to the first page only
  useEffect(() => {
    if (preloaded) return;
    let live = true;
    get<{ notices: Notice[] }>(NOTICES_URL)
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
