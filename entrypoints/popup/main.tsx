import { render } from 'preact';
import { PopupApp } from '@/components/popup-app';
import '@/assets/base.css';

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from popup.html');
render(<PopupApp />, root);
