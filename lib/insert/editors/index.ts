import type { EditorKind } from './editor-kind';
import { contenteditableEditor } from './contenteditable';
import { draftEditor } from './draft';
import { lexicalEditor } from './lexical';
import { prosemirrorEditor } from './prosemirror';
import { quillEditor } from './quill';
import { slateEditor } from './slate';
import { textareaEditor, textInputEditor } from './textarea';

/** Specific editors first: each of them is also a contenteditable. */
export const editorKinds: readonly EditorKind[] = [
  lexicalEditor,
  prosemirrorEditor,
  slateEditor,
  draftEditor,
  quillEditor,
  textareaEditor,
  textInputEditor,
  contenteditableEditor,
];

/** The editor kind and editable root that `element` belongs to, if it is a message box at all. */
export function editorAt(element: Element): { editor: EditorKind; root: HTMLElement } | undefined {
  for (const editor of editorKinds) {
    const root = editor.rootOf(element);
    if (root) return { editor, root };
  }
  return undefined;
}
