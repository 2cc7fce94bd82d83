import { render } from 'preact';
import { TeachCameraApp } from '@/components/teach-camera-app';
import '@/assets/base.css';
import './style.css';

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from teach-camera.html');
render(<TeachCameraApp memeId={new URLSearchParams(location.search).get('meme') ?? ''} />, root);
