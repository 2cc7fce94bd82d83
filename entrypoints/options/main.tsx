import { render } from 'preact';
import { LibraryApp } from '@/components/options/library-app';
import '@/assets/base.css';
import './style.css';

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from options.html');
document.title = chrome.i18n.getMessage('optionsTitle');
render(<LibraryApp />, root);
