import * as v from 'valibot';
import { renameMeme, titleFromPage } from './meme-title';

/** Page text is untrusted and unbounded: each field is cut well past any title worth keeping. */
const PAGE_TEXT_LIMIT = 2000;
const pageText = v.pipe(v.string(), v.maxLength(PAGE_TEXT_LIMIT));
export const ImageDescriptionSchema = v.strictObject({ alt: pageText, title: pageText, pageTitle: pageText });
export type ImageDescription = v.InferOutput<typeof ImageDescriptionSchema>;

/**
 * Runs in the page's frame (chrome.scripting serialises it, so it uses nothing from outside its
 * own body): what the page says about the image at `url`, each field cut to `limit` characters.
 */
export function describeImageInPage(url: string, limit: number): ImageDescription {
  const image = Array.from(document.images).find((candidate) => candidate.currentSrc === url || candidate.src === url);
  const cut = (text: string | undefined) => (text ?? '').slice(0, limit);
  return { alt: cut(image?.alt), title: cut(image?.title), pageTitle: cut(document.title) };
}

/**
 * Titles a meme just added from the context menu with what the page says about it (alt text,
 * title attribute, the page's title), read from the frame the click was in. Where the frame
 * cannot be read, the tab's title is the fallback; with neither, the file name stays.
 */
export async function titleMemeFromPage(memeId: string, where: { tabId: number; frameId: number; url: string; tabTitle?: string }): Promise<void> {
  let description: Partial<ImageDescription> = { pageTitle: where.tabTitle };
  try {
    const [injection] = await chrome.scripting.executeScript({
      target: { tabId: where.tabId, frameIds: [where.frameId] },
      func: describeImageInPage,
      args: [where.url, PAGE_TEXT_LIMIT],
    });
    const answer = v.safeParse(ImageDescriptionSchema, injection?.result);
    if (answer.success) description = { ...answer.output, pageTitle: answer.output.pageTitle || where.tabTitle };
  } catch {
    // No access to that frame (another site's frame, or the page navigated away): the tab's title.
  }
  const title = titleFromPage(description);
  if (title) await renameMeme(memeId, title);
}
