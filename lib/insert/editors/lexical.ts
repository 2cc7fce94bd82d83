import { closestEditable, type EditorKind } from './editor-kind';

/**
 * Lexical (Meta): the root carries `data-lexical-editor="true"`. A paste or drop whose
 * DataTransfer holds only files becomes the DRAG_DROP_PASTE command with those files; Lexical does
 * nothing else with them, so the host app's handler decides (Messenger, WhatsApp Web).
 */
export const lexicalEditor: EditorKind = {
  name: 'lexical',
  rootOf: (element) => closestEditable(element, '[data-lexical-editor="true"]'),
  showsImagesInline: true,
};

/*
Test pages: tests/fixtures/composers/pages/lexical.html, messenger.html, whatsapp.html
*/
