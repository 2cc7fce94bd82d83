import { render } from 'preact';
import { WelcomeApp } from '@/components/welcome-app';
import '@/assets/base.css';

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from welcome.html');
render(<WelcomeApp />, root);
