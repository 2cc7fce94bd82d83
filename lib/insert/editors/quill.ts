import { closestEditable, type EditorKind } from './editor-kind';

/**
 * Quill: the root is `.ql-editor`. Quill 2 cancels the paste and gives image files to its
 * uploader module, which by default inserts them inline as data: URLs; apps replace the handler
 * to upload instead (Slack's composer is Quill-derived).
 */
export const quillEditor: EditorKind = {
  name: 'quill',
  rootOf: (element) => closestEditable(element, '.ql-editor'),
  showsImagesInline: true,
};

/*
Test pages: tests/fixtures/composers/pages/quill.html, slack.html
*/
