import { Locale, NotificationItem, StoredNotification, tryRender } from '@app/contracts';

/**
 * A stored notification as its reader sees it: title and message rendered now, in the reader's
 * language, from its type and parameters. A row from before parameters (or one whose parameters do
 * not fit the catalogue) shows its stored text.
 */
export function renderNotification(locale: Locale, n: StoredNotification): NotificationItem {
  const rendered = (part: 'title' | 'message') => (n.params ? tryRender(locale, `notification.${n.type}.${part}`, n.params) : undefined);
  return {
    id: n.id,
    type: n.type,
    title: rendered('title') ?? n.title ?? '',
    message: rendered('message') ?? n.message ?? '',
    related_job_id: n.related_job_id,
    related_application_id: n.related_application_id,
    is_read: n.is_read,
    read_at: n.read_at,
    created_at: n.created_at,
  };
}
