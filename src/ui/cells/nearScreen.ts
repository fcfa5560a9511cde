/**
 * Deferred work for elements as they come near the screen: one IntersectionObserver for all of them,
 * and the work itself done one piece per idle moment, so the first frame of a notebook (its results)
 * is painted before any of it and scrolling stays smooth while it runs (docs/performance.md).
 */

const MARGIN = '400px 0px';
const waiting = new Map<Element, { work: () => void; group: string }>();
const queue: (() => void)[] = [];
let observer: IntersectionObserver | null = null;
let scheduled = false;

const idle = (cb: (deadline?: IdleDeadline) => void) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(cb, { timeout: 1500 }) : setTimeout(cb, 50);

function drain(deadline?: IdleDeadline) {
  scheduled = false;
  // At least one piece, more while the idle period lasts (a CodeMirror editor takes tens of ms to build).
  do queue.shift()?.();
  while (queue.length > 0 && (deadline?.timeRemaining() ?? 0) > 8);
  if (queue.length > 0) schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  idle(drain);
}

/**
 * Run `work` in an idle moment once `el` is within a screen's reach; the returned function cancels it.
 * `group` names the kind of work for `nearScreenNow`.
 */
export function whenNearScreen(el: Element, work: () => void, group = ''): () => void {
  if (typeof IntersectionObserver !== 'function') {
    work();
    return () => undefined;
  }
  let cancelled = false;
  const run = () => {
    if (!cancelled) work();
  };
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        const w = waiting.get(e.target);
        observer!.unobserve(e.target);
        waiting.delete(e.target);
        if (w) queue.push(w.work);
      }
      if (queue.length > 0) schedule();
    },
    { rootMargin: MARGIN },
  );
  waiting.set(el, { work: run, group });
  observer.observe(el);
  return () => {
    cancelled = true;
    waiting.delete(el);
    observer?.unobserve(el);
  };
}

/** Do now, wherever it is on the page, every piece of `group`'s work still waiting (e.g. draw every chart for a report). */
export function nearScreenNow(group: string): void {
  for (const [el, w] of [...waiting]) {
    if (w.group !== group) continue;
    waiting.delete(el);
    observer?.unobserve(el);
    w.work();
  }
}
