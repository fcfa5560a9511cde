// Built once: toLocaleTimeString with options builds a formatter per call, and a notebook opens with ~35 of these.
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });

/** When a kept result was computed: "14:05" today, "3 Dec, 14:05" before. */
export function computedWhen(t: number, now = Date.now()): string {
  const d = new Date(t);
  const time = timeFormat.format(d);
  return d.toDateString() === new Date(now).toDateString() ? time : `${dayFormat.format(d)}, ${time}`;
}
