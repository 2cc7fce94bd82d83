import { closestEditable, type EditorKind } from './editor-kind';

/**
 * Slate (slate-react): the root has `data-slate-editor="true"`. In Chrome slate-react leaves
 * pastes to `beforeinput` (inputType insertFromPaste), which is why the paste strategy follows an
 * unhandled paste with that beforeinput, as the browser does. The app's `insertData` or `onPaste`
 * decides what a file becomes (Discord uploads it).
 */
export const slateEditor: EditorKind = {
  name: 'slate',
  rootOf: (element) => closestEditable(element, '[data-slate-editor="true"]'),
  showsImagesInline: true,
};

/*
Test pages: tests/fixtures/composers/pages/slate.html, discord.html
*/
