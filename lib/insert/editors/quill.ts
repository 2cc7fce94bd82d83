import { closestEditable, type EditorKind } from './editor-kind';

/**
 * Quill: the root is `.ql-editor`. Quill 2 cancels the paste and gives image files to its
 * uploader module, which by default inserts them inline as data: URLs; apps replace the handler
 * to upload instead (Slack's composer is Quill-derived).
 *
 * Test pages: tests/fixtures/composers/quill.html, slack.html
 */
export const quillEditor: EditorKind = {
  name: 'quill',
  rootOf: (element) => closestEditable(element, '.ql-editor'),
  showsImagesInline: true,
};
