import { describe, expect, test } from 'vitest';
import { shrinkRgba } from '../../lib/vision/frame-sampler';
import { rgbaFromYuv, shrinkFactor, yuvColorOf, type YuvPlanes } from '../../lib/vision/yuv-to-rgba';

type Rgb = [number, number, number];

/** A colour in BT.601 video range, by the standard's forward equations (R, G, B in 0-255). */
function bt601VideoRange([r, g, b]: Rgb): [number, number, number] {
  const [red, green, blue] = [r / 255, g / 255, b / 255];
  return [
    Math.round(16 + 65.481 * red + 128.553 * green + 24.966 * blue),
    Math.round(128 - 37.797 * red - 74.203 * green + 112 * blue),
    Math.round(128 + 112 * red - 93.786 * green - 18.214 * blue),
  ];
}

/** An I420 frame (or NV12 with `interleaved`) whose every 2x2 block has the colour `colourAt` gives. */
function frameOf(width: number, height: number, colourAt: (x: number, y: number) => Rgb, interleaved = false): YuvPlanes {
  const chromaWidth = width / 2;
  const chromaHeight = height / 2;
  const data = new Uint8Array(width * height + 2 * chromaWidth * chromaHeight);
  const chroma = width * height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [luma, u, v] = bt601VideoRange(colourAt(x, y));
      data[y * width + x] = luma;
      if (x % 2 === 0 && y % 2 === 0) {
        const cx = x / 2;
        const cy = y / 2;
        if (interleaved) {
          data[chroma + cy * width + cx * 2] = u;
          data[chroma + cy * width + cx * 2 + 1] = v;
        } else {
          data[chroma + cy * chromaWidth + cx] = u;
          data[chroma + chromaWidth * chromaHeight + cy * chromaWidth + cx] = v;
        }
      }
    }
  }
  const layout = interleaved
    ? [{offset: 0, stride: width}, {offset: chroma, stride: width}]
    : [{offset: 0, stride: width}, {offset: chroma, stride: chromaWidth}, {offset: chroma + chromaWidth * chromaHeight, stride: chromaWidth}];
  return {format: interleaved ? 'NV12' : 'I420', width, height, data, layout};
}

const BT601 = {matrix: 'bt601', fullRange: false} as const;
const pixel = (data: Uint8ClampedArray, width: number, x: number, y: number) => Array.from(data.slice((y * width + x) * 4, (y * width + x) * 4 + 4));

describe('YUV camera planes to RGBA', () => {
  test('gives back the colours a BT.601 frame was made from, within rounding', () => {
    const colours: Rgb[] = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [128, 128, 128], [250, 200, 160], [20, 30, 40]];
    const frame = frameOf(2 * colours.length, 2, (x) => colours[Math.floor(x / 2)]);
    const rgba = rgbaFromYuv(frame, BT601, 2);
    expect([rgba.width, rgba.height]).toEqual([colours.length, 1]);
    colours.forEach((colour, n) => {
      const [r, g, b, a] = pixel(rgba.data, rgba.width, n, 0);
      expect(Math.max(Math.abs(r - colour[0]), Math.abs(g - colour[1]), Math.abs(b - colour[2]))).toBeLessThanOrEqual(2);
      expect(a).toBe(255);
    });
  });

  test('NV12 and I420 of the same frame give the same pixels', () => {
    const colourAt = (x: number, y: number): Rgb => [(x * 37) % 256, (y * 53) % 256, ((x + y) * 11) % 256];
    const i420 = rgbaFromYuv(frameOf(16, 12, colourAt), BT601, 2);
    const nv12 = rgbaFromYuv(frameOf(16, 12, colourAt, true), BT601, 2);
    expect(Array.from(nv12.data)).toEqual(Array.from(i420.data));
  });

  test('averages each block of luma when it shrinks', () => {
    // Black and white columns: shrunk by 2, each pixel is their mean, a mid grey.
    const frame = frameOf(8, 4, (x) => (x % 2 === 0 ? [0, 0, 0] : [255, 255, 255]));
    const rgba = rgbaFromYuv(frame, BT601, 2);
    expect([rgba.width, rgba.height]).toEqual([4, 2]);
    for (let n = 0; n < rgba.width * rgba.height; n++) {
      for (const channel of [0, 1, 2]) expect(Math.abs(rgba.data[n * 4 + channel] - 128)).toBeLessThanOrEqual(2);
    }
  });

  test('reads full-range and BT.709 frames by their own equations', () => {
    const grey = {format: 'I420', width: 2, height: 2, data: new Uint8Array([200, 200, 200, 200, 128, 128]), layout: [{offset: 0, stride: 2}, {offset: 4, stride: 1}, {offset: 5, stride: 1}]} as const;
    expect(pixel(rgbaFromYuv(grey, {matrix: 'bt601', fullRange: true}, 1).data, 2, 0, 0)).toEqual([200, 200, 200, 255]);
    // Pure BT.709 red in video range: Y 63, Cb 102, Cr 240.
    const red = {...grey, data: new Uint8Array([63, 63, 63, 63, 102, 240])};
    const [r, g, b] = pixel(rgbaFromYuv(red, {matrix: 'bt709', fullRange: false}, 1).data, 2, 0, 0);
    expect(r).toBeGreaterThanOrEqual(253);
    expect(g).toBeLessThanOrEqual(2);
    expect(b).toBeLessThanOrEqual(2);
  });

  test('names the colour of a frame by its colour space, and refuses what it does not convert', () => {
    expect(yuvColorOf({matrix: 'smpte170m', fullRange: false})).toEqual({matrix: 'bt601', fullRange: false});
    expect(yuvColorOf({matrix: 'bt470bg', fullRange: true})).toEqual({matrix: 'bt601', fullRange: true});
    expect(yuvColorOf({matrix: 'bt709', fullRange: false})).toEqual({matrix: 'bt709', fullRange: false});
    expect(yuvColorOf({matrix: null, fullRange: null})).toEqual({matrix: 'bt601', fullRange: false});
    expect(yuvColorOf({matrix: 'rgb', fullRange: true})).toBeUndefined();
    expect(yuvColorOf({matrix: 'bt2020-ncl', fullRange: false})).toBeUndefined();
  });

  test('shrinks by whole factors that keep the long side at or above the target', () => {
    expect(shrinkFactor(640, 480, 320)).toBe(2);
    expect(shrinkFactor(1280, 720, 320)).toBe(4);
    expect(shrinkFactor(1920, 1080, 320)).toBe(6);
    expect(shrinkFactor(800, 600, 320)).toBe(2);
    expect(shrinkFactor(320, 240, 320)).toBe(1);
    expect(shrinkFactor(160, 120, 320)).toBe(1);
  });

  test('shrinks RGBA from other formats by block means', () => {
    const data = new Uint8Array([0, 10, 20, 255, 100, 110, 120, 255, 50, 60, 70, 255, 150, 160, 170, 255]);
    const shrunk = shrinkRgba(data, 2, 2, 2);
    expect([shrunk.width, shrunk.height]).toEqual([1, 1]);
    expect(Array.from(shrunk.data)).toEqual([75, 85, 95, 255]);
  });
});
