// The chips above the input: editor selections attached by "Lucid: Add Selection to Chat" and files or folders
// picked with `@` (kept by the host; removing one tells it) and images pasted or dropped into the input (kept here until they are sent with the
// next request; the host's core checks them and a refused one comes back as the chat's error).
import type { AttachmentView } from '../shared/panelState';
import { MAX_IMAGE_BASE64, MAX_IMAGES } from '../shared/panelState';
import type { ImageInput } from '../shared/protocol';
import { h, replaceChildren } from './dom';
import { post } from './hostChannel';

interface PendingImage extends ImageInput {
  id: number;
  name: string;
}

export class AttachmentChips {
  readonly element = h('div', { class: 'attachment-chips', 'data-testid': 'attachments', role: 'list', 'aria-label': 'Attached to the next request' });
  private selections: AttachmentView[] = [];
  private images: PendingImage[] = [];
  private problem = '';
  private seq = 0;

  constructor(input: HTMLTextAreaElement, dropTarget: HTMLElement) {
    input.addEventListener('paste', (e) => {
      const files = [...(e.clipboardData?.items ?? [])].filter((i) => i.kind === 'file' && i.type.startsWith('image/')).map((i) => i.getAsFile());
      if (!files.length) return;
      e.preventDefault();
      for (const f of files) if (f) void this.addImage(f);
    });
    dropTarget.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    });
    dropTarget.addEventListener('drop', (e) => {
      const files = [...(e.dataTransfer?.files ?? [])].filter((f) => f.type.startsWith('image/'));
      if (!files.length) return;
      e.preventDefault();
      for (const f of files) void this.addImage(f);
    });
  }

  /** The host's selections (from a state snapshot). */
  render(selections: AttachmentView[]): void {
    this.selections = selections;
    this.draw();
  }

  /** The images for the request being sent; the chips go. */
  takeImages(): ImageInput[] {
    const taken = this.images.map(({ mediaType, data }) => ({ mediaType, data }));
    this.images = [];
    this.problem = '';
    this.draw();
    return taken;
  }

  private async addImage(file: File): Promise<void> {
    const url = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    }).catch(() => '');
    const data = url.slice(url.indexOf(',') + 1);
    const name = file.name || 'pasted image';
    this.problem = '';
    if (!url || !data) this.problem = `${name} could not be read.`;
    else if (data.length > MAX_IMAGE_BASE64) this.problem = `${name} is too large to send (at most about ${Math.floor((MAX_IMAGE_BASE64 * 3) / 4 / 1_000_000)} MB).`;
    else if (this.images.length >= MAX_IMAGES) this.problem = `At most ${MAX_IMAGES} images go with a request.`;
    else this.images.push({ id: ++this.seq, name, mediaType: file.type, data });
    this.draw();
  }

  private draw(): void {
    const chip = (label: string, title: string, testid: string, remove: () => void) =>
      h('span', { class: 'chip attachment-chip', role: 'listitem', 'data-testid': testid, title }, label, h('button', { class: 'chip-remove', 'aria-label': `Remove ${label}`, title: 'Remove', onclick: remove }, '×'));
    replaceChildren(
      this.element,
      ...this.selections.map((s) => {
        const remove = () => post({ type: 'removeAttachment', id: s.id });
        if (!('startLine' in s)) {
          const what = s.kind === 'file' ? 'content' : 'listing';
          return chip(`@${s.path}${s.kind === 'folder' ? '/' : ''}`, `The ${s.kind}'s ${what}, sent with the next request`, 'mention-chip', remove);
        }
        return chip(`${s.path}:${s.startLine}${s.endLine === s.startLine ? '' : `-${s.endLine}`}`, 'A selection sent with the next request', 'selection-chip', remove);
      }),
      ...this.images.map((img) =>
        chip(`🖼 ${img.name}`, `${img.mediaType}, sent with the next request`, 'image-chip', () => {
          this.images = this.images.filter((i) => i.id !== img.id);
          this.draw();
        }),
      ),
      this.problem && h('span', { class: 'chip-problem', role: 'alert' }, this.problem),
    );
    this.element.hidden = !this.selections.length && !this.images.length && !this.problem;
  }
}
