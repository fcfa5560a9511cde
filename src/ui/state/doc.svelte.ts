/**
 * The stored side of one open notebook: its NotebookSession (revision check, other tabs) and an
 * Autosaver (debounced saves, retries, flush on pagehide), the save status line, the banners for
 * other tabs, the history list and a newer-template offer. Text flows one way: the editor's
 * NotebookState changes → `changed(text)` → autosave; a restore, reset or another tab's save →
 * `nb.replaceText` (changed cells go stale).
 */
import type { NotebookRecord, SaveStatus, TemplateOffer, VersionRecord } from '../../app/persistence';
import { Autosaver, Persistence, type NotebookSession } from '../../app/persistence';
import type { NotebookState } from './notebook.svelte';
import { whenIdle } from '../../app/idle';

export type TabBanner =
  | { kind: 'reloaded'; text: string }
  | { kind: 'diverged'; text: string }
  | { kind: 'conflict'; text: string; seq: number };

export class NotebookDoc {
  status = $state<SaveStatus>({ state: 'saved', at: Date.now() });
  banner = $state<TabBanner | null>(null);
  versions = $state.raw<VersionRecord[]>([]);
  offer = $state.raw<TemplateOffer | null>(null);
  record = $state.raw<NotebookRecord>(null as unknown as NotebookRecord);
  /** A failed restore, reset or named save, shown in the history panel. */
  actionError = $state<string | null>(null);
  historyOpen = $state(false);
  private readonly autosaver: Autosaver;

  private constructor(
    readonly persistence: Persistence,
    private readonly session: NotebookSession,
    readonly nb: NotebookState,
  ) {
    this.record = session.notebook;
    this.autosaver = new Autosaver(
      async (text) => {
        const result = await this.session.autosave(text);
        this.record = result.notebook;
        if (this.historyOpen) void this.refreshVersions();
      },
      { onStatus: (s) => (this.status = s) },
    );
    session.on((event) => {
      if (event.type === 'reloaded') {
        this.record = event.notebook;
        this.nb.replaceText(event.notebook.text);
        this.banner = { kind: 'reloaded', text: 'This notebook was saved in another tab; this tab now shows that text.' };
      } else if (event.type === 'diverged') {
        this.banner = { kind: 'diverged', text: 'This notebook changed in another tab while you were editing here. Your edits will be saved and the other tab’s text kept beside them in the history.' };
      } else {
        this.record = event.notebook;
        this.banner = {
          kind: 'conflict',
          seq: event.theirs.seq,
          text: `Another tab saved this notebook too. Your text is saved here; the other tab’s text is kept as version ${event.theirs.seq} in the history.`,
        };
      }
      void this.refreshVersions();
    });
  }

  static async open(persistence: Persistence, id: string, nb: NotebookState): Promise<NotebookDoc> {
    let doc: NotebookDoc | null = null;
    const session = await persistence.openSession(id, () => doc?.autosaver.hasUnsaved ?? false);
    doc = new NotebookDoc(persistence, session, nb);
    // A newer template is news, not content: asked after the notebook is on screen.
    const opened = doc;
    void whenIdle().then(() => opened.refreshOffer());
    return doc;
  }

  get id(): string {
    return this.session.notebookId;
  }

  get templateId(): string | undefined {
    return this.record.templateId;
  }

  get hasUnsaved(): boolean {
    return this.autosaver.hasUnsaved;
  }

  /** The editor's text changed (an effect on NotebookState.text calls this). */
  changed(text: string): void {
    if (!this.autosaver.hasUnsaved && text === this.session.notebook.text) return;
    this.autosaver.change(text);
  }

  /** Save now (pagehide, before leaving the notebook). */
  flush(): Promise<void> {
    return this.autosaver.flush();
  }

  retryNow(): Promise<void> {
    return this.autosaver.retryNow();
  }

  async refreshVersions(): Promise<void> {
    try {
      this.versions = await this.persistence.listVersions(this.id);
    } catch (e) {
      this.actionError = Persistence.message(e, 'reading the history');
    }
  }

  async refreshOffer(): Promise<void> {
    try {
      this.offer = (await this.persistence.offerFor(this.id)) ?? null;
    } catch {
      this.offer = null;
    }
  }

  /** A named save with a message (a new version). */
  async saveNamed(message: string): Promise<boolean> {
    return this.act('saving the notebook', async () => {
      await this.autosaver.flush();
      const result = await this.session.save(this.nb.text, message);
      this.record = result.notebook;
    });
  }

  /** Make an old version the text again, as a new version. */
  async restore(seq: number): Promise<boolean> {
    return this.act('restoring the version', async () => {
      await this.autosaver.flush();
      const result = await this.session.restore(seq);
      this.record = result.notebook;
      this.nb.replaceText(result.notebook.text);
    });
  }

  /** Put the newest template back; the current text stays in history. */
  async resetToTemplate(): Promise<boolean> {
    return this.act('resetting to the template', async () => {
      await this.autosaver.flush();
      const result = await this.persistence.resetToTemplate(this.session);
      this.record = result.notebook;
      this.nb.replaceText(result.notebook.text);
      // Starting over clears the module's exercise progress with its answers (the old text stays in history).
      await this.persistence.clearExerciseProgress(this.nb.moduleId);
      await this.refreshOffer();
    });
  }

  async dismissOffer(): Promise<void> {
    if (!this.offer) return;
    await this.act('setting the new template aside', () => this.persistence.dismissOffer(this.offer!));
    await this.refreshOffer();
  }

  /** Open the newer template as a second notebook; returns its id. */
  async openOfferBeside(): Promise<string | null> {
    const offer = this.offer;
    if (!offer) return null;
    let id: string | null = null;
    await this.act('opening the new template', async () => {
      id = (await this.persistence.openTemplateBeside(offer)).id;
    });
    return id;
  }

  async close(): Promise<void> {
    await this.autosaver.flush().catch(() => undefined);
    this.autosaver.dispose();
    this.session.close();
  }

  private async act(doing: string, fn: () => Promise<void>): Promise<boolean> {
    this.actionError = null;
    try {
      await fn();
      return true;
    } catch (e) {
      this.actionError = Persistence.message(e, doing);
      return false;
    } finally {
      await this.refreshVersions();
    }
  }
}
