import { startExampleService } from '@/lib/offscreen/example-service';
import { startFrameService } from '@/lib/offscreen/frame-service';
import { libraryMemeSearch, startLibraryService } from '@/lib/offscreen/library-service';

// Listeners are registered at top level so the first message after createDocument() is heard.
const documentLife = new AbortController();
startLibraryService(documentLife.signal);
startFrameService(documentLife.signal, libraryMemeSearch);
startExampleService(documentLife.signal, libraryMemeSearch);
