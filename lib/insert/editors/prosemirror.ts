import { closestEditable, type EditorKind } from './editor-kind';

/**
 * ProseMirror and editors built on it (TipTap adds `.tiptap`): the root has `.ProseMirror`.
 * Files reach only the app's `handlePaste` / `handleDrop` props; without one ProseMirror briefly
 * moves focus into a hidden paste catcher and inserts nothing, so the chain refocuses afterwards.
 */
export const prosemirrorEditor: EditorKind = {
  name: 'prosemirror',
  rootOf: (element) => closestEditable(element, '.ProseMirror'),
  showsImagesInline: true,
};

/*
Test pages: tests/fixtures/composers/pages/prosemirror.html, tiptap.html
*/
