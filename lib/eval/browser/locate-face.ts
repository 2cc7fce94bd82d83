import { largestFace, type FaceBox } from '../../vision/face-box';
import type { FaceFinder } from '../../vision/face-detector';
import { fallbackCropFace, isFaceCrop, padCrop, shiftFace, type RgbaPixels } from '../face-crop-padding';
import type { FaceMethod } from '../page-protocol';

export interface LocatedFaces {
  faces: FaceBox[];
  largest: number | null;
  method: FaceMethod;
  /** The image the detector ran on (the padded canvas for crops). */
  detectionImage: RgbaPixels;
}

const asImageData = (image: RgbaPixels) => new ImageData(image.data, image.width, image.height);

/**
 * Finds the faces the product would match on. Full frames go to the detector as they are; face
 * crops (FACE_CROP_MAX_SIDE) are padded with mid-grey first, and a crop with no detection is
 * taken whole with canonical keypoints, since by construction it holds one face.
 */
export function locateFaces(finder: FaceFinder, image: RgbaPixels): LocatedFaces {
  if (!isFaceCrop(image.width, image.height)) {
    const faces = finder.detect(asImageData(image));
    return withLargest(faces, faces.length > 0 ? 'detected' : 'none', image);
  }
  const { padded, offsetX, offsetY } = padCrop(image);
  const faces = finder.detect(asImageData(padded)).map((face) => shiftFace(face, -offsetX, -offsetY));
  if (faces.length > 0) return withLargest(faces, 'padded-detected', padded);
  return withLargest([fallbackCropFace(image.width, image.height)], 'fallback', padded);
}

function withLargest(faces: FaceBox[], method: FaceMethod, detectionImage: RgbaPixels): LocatedFaces {
  const largest = largestFace(faces);
  return { faces, largest: largest ? faces.indexOf(largest) : null, method, detectionImage };
}
