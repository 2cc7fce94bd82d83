import { closestEditable, type EditorKind } from './editor-kind';

/**
 * Draft.js: the root is `.public-DraftEditor-content`. Draft cancels every paste and hands files
 * to the app's `handlePastedFiles` (drops to `handleDroppedFiles`); without those props a pasted
 * image vanishes, so a cancelled paste alone proves nothing here (X uses Draft.js for DMs).
 */
export const draftEditor: EditorKind = {
  name: 'draft',
  rootOf: (element) => closestEditable(element, '.public-DraftEditor-content'),
  showsImagesInline: false,
};

/*
Test pages: tests/fixtures/composers/pages/draft.html, x-dm.html
*/
