import { serveDownloads } from '@/lib/library/download-frame';

serveDownloads();
