import { startFrameService } from '@/lib/offscreen/frame-service';

// Listeners are registered at top level so the first message after createDocument() is heard.
startFrameService(new AbortController().signal);
