import { openDownloadFrame } from '@/lib/library/download-frame';
import { startExampleService } from '@/lib/offscreen/example-service';
import { startFrameService } from '@/lib/offscreen/frame-service';
import { libraryMemeSearch, startLibraryService } from '@/lib/offscreen/library-service';

// Listeners are registered at top level so the first message after createDocument() is heard.
const documentLife = new AbortController();
const fetchImage = openDownloadFrame();
startLibraryService(documentLife.signal, fetchImage);
startFrameService(documentLife.signal, libraryMemeSearch);
startExampleService(documentLife.signal, libraryMemeSearch, fetchImage);
