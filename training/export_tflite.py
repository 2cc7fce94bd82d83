"""Exports a trained ExpressionNet to models/expression-embedder.tflite, no TF converter needed.

Batch-norm is folded into each conv, weights go to TFLite's layouts (NHWC activations, OHWI conv
kernels), and a numpy re-implementation of the exported graph must agree with torch before the
file is written, so a layout slip fails here rather than as a quietly worse model in the browser.

With --weights int8 every conv kernel and dense matrix is stored as int8 with one scale per
output channel, and a DEQUANTIZE op on that constant turns it back into float32: a quarter of
the file, the same float arithmetic. The model that torch scores and that the parity
fixture replays is then `quantised_copy(model)`, whose weights are exactly the dequantised ones.
"""
import argparse
import copy
import hashlib
import json

import numpy as np
import torch

import tflite_writer as tfl
from align import CONTRACT
from model import EmbedderPair, ExpressionNet
from tflite_reader import read_constants
from paths import CACHE, MODELS, REPO

OUTPUT_NAMES = ('embedding', 'probabilities')
WEIGHTS = ('float32', 'int8')


def quantise(weight):
    """Symmetric int8 per output channel (axis 0): (int8 array, float32 scales)."""
    peak = np.abs(weight.reshape(len(weight), -1)).max(1)
    scales = np.where(peak > 0, peak / 127, 1).astype(np.float32)
    values = np.clip(np.round(weight / scales.reshape(-1, *[1] * (weight.ndim - 1))), -127, 127)
    return values.astype(np.int8), scales


def dequantise(values, scales):
    return values.astype(np.float32) * scales.reshape(-1, *[1] * (values.ndim - 1))


def batch_norm_scale(bn):
    """Per-channel factor that folding batch-norm multiplies a conv's kernel by."""
    return bn.weight / torch.sqrt(bn.running_var + bn.eps)


def quantised_copy(model):
    """The model with every kernel on its int8 grid, taken after batch-norm folding as exported."""
    model = copy.deepcopy(model)
    with torch.no_grad():
        for block in model.blocks:
            scale = batch_norm_scale(block.bn)[:, None, None, None]
            folded = (block.conv.weight * scale).numpy()
            block.conv.weight.copy_(torch.from_numpy(dequantise(*quantise(folded))) / scale)
        for layer in (model.embed, model.classify):
            layer.weight.copy_(torch.from_numpy(dequantise(*quantise(layer.weight.numpy()))))
    return model


def folded_layers(model):
    """[(OHWI kernel, bias, stride)] with batch-norm folded in, then the two dense heads."""
    convs = []
    for block in model.blocks:
        bn = block.bn
        scale = batch_norm_scale(bn).detach().numpy()
        kernel = block.conv.weight.detach().numpy() * scale[:, None, None, None]
        bias = (bn.bias.detach().numpy() - bn.running_mean.detach().numpy() * scale)
        convs.append((kernel.transpose(0, 2, 3, 1).astype(np.float32), bias.astype(np.float32), block.stride))
    heads = {name: (layer.weight.detach().numpy().astype(np.float32), layer.bias.detach().numpy().astype(np.float32))
             for name, layer in (('embed', model.embed), ('classify', model.classify))}
    return convs, heads


def build(nets, version, weights='float32'):
    """nets: [(convs, heads)] from folded_layers; one net, or a pair whose tensors are named
    net0/..., net1/... and whose outputs are joined as model.EmbedderPair joins them."""
    size = CONTRACT['size']
    m = tfl.TfliteModel()

    def constant(name, value):
        if weights == 'float32':
            return m.tensor(name, value.shape, data=value)
        values, scales = quantise(value)
        stored = m.tensor(name + '/int8', value.shape, tfl.INT8, data=values, scales=scales)
        out = m.tensor(name, value.shape)
        m.operator(tfl.DEQUANTIZE, [stored], [out])
        return out

    def dense(name, inputs, weight, bias, stored=constant):
        w = stored(name + '/weights', weight)
        b = m.tensor(name + '/bias', bias.shape, data=bias)
        y = m.tensor(name, [1, weight.shape[0]])
        m.operator(tfl.FULLY_CONNECTED, [inputs, w, b], [y], tfl.FULLY_CONNECTED_OPTIONS,
                   [(0, 'int8', tfl.ACT_NONE)])
        return y

    def l2_normalised(name, x, width):
        y = m.tensor(name, [1, width])
        m.operator(tfl.L2_NORMALIZATION, [x], [y], tfl.L2_NORM_OPTIONS, [(0, 'int8', tfl.ACT_NONE)])
        return y

    def net(prefix, convs, heads, x):
        hw = size
        for i, (kernel, bias, stride) in enumerate(convs):
            hw = hw // stride
            w = constant(prefix + 'conv%d/kernel' % i, kernel)
            b = m.tensor(prefix + 'conv%d/bias' % i, bias.shape, data=bias)
            y = m.tensor(prefix + 'conv%d' % i, [1, hw, hw, kernel.shape[0]])
            # SAME with stride 2 on an even map pads bottom/right only, as model.ConvBlock does.
            m.operator(tfl.CONV_2D, [x, w, b], [y], tfl.CONV_2D_OPTIONS, [
                (0, 'int8', tfl.PADDING_SAME), (1, 'int32', stride), (2, 'int32', stride),
                (3, 'int8', tfl.ACT_RELU)])
            x = y
        axes = m.tensor(prefix + 'pool/axes', [2], tfl.INT32, data=np.array([1, 2], np.int32))
        pooled = m.tensor(prefix + 'pool', [1, convs[-1][0].shape[0]])
        m.operator(tfl.MEAN, [x, axes], [pooled], tfl.REDUCER_OPTIONS, [(0, 'bool', False)])
        raw_embedding = dense(prefix + 'embed', pooled, *heads['embed'])
        embedding = l2_normalised(prefix + OUTPUT_NAMES[0], raw_embedding, heads['embed'][0].shape[0])
        logits = dense(prefix + 'logits', pooled, *heads['classify'])
        probabilities = m.tensor(prefix + OUTPUT_NAMES[1], [1, heads['classify'][0].shape[0]])
        m.operator(tfl.SOFTMAX, [logits], [probabilities], tfl.SOFTMAX_OPTIONS, [(0, 'float32', 1.0)])
        return embedding, probabilities

    def joined(name, tensors):
        width = sum(m.tensors[t]['shape'][1] for t in tensors)
        y = m.tensor(name, [1, width])
        m.operator(tfl.CONCATENATION, tensors, [y], tfl.CONCATENATION_OPTIONS,
                   [(0, 'int32', 1), (1, 'int8', tfl.ACT_NONE)])
        return y, width

    face = m.tensor('face', [1, size, size, 1])
    if len(nets) == 1:
        outputs = net('', *nets[0], face)
    else:
        branches = [net('net%d/' % i, convs, heads, face) for i, (convs, heads) in enumerate(nets)]
        # Unit vectors joined have norm sqrt(n): normalising again divides by it exactly.
        embeddings, width = joined('embeddings', [e for e, _ in branches])
        probabilities, classes = joined('all-probabilities', [p for _, p in branches])
        n = len(nets)
        # Mean of the nets' probabilities as one dense layer: [I/n ... I/n], kept float32 (exact).
        mean = np.tile(np.eye(classes // n, dtype=np.float32) / n, (1, n))
        outputs = (l2_normalised(OUTPUT_NAMES[0], embeddings, width),
                   dense(OUTPUT_NAMES[1], probabilities, mean, np.zeros(classes // n, np.float32),
                         stored=lambda name, value: m.tensor(name, value.shape, data=value)))
    return m.serialise([face], list(outputs), 'Meme Mirror expression embedder ' + version)


def reference_forward(convs, heads, faces):
    """numpy twin of the exported graph on NHWC input [N,S,S,1]: checks folding and layouts."""
    x = faces.astype(np.float64)
    for kernel, bias, stride in convs:
        pad = (1, 1) if stride == 1 else (0, 1)
        x = np.pad(x, ((0, 0), pad, pad, (0, 0)))
        n, h, w, _ = x.shape
        oh, ow = (h - 3) // stride + 1, (w - 3) // stride + 1
        out = np.zeros((n, oh, ow, kernel.shape[0]))
        for ky in range(3):
            for kx in range(3):
                patch = x[:, ky:ky + stride * oh:stride, kx:kx + stride * ow:stride, :]
                out += patch @ kernel[:, ky, kx, :].T
        x = np.maximum(out + bias, 0)
    pooled = x.mean(axis=(1, 2))
    raw = pooled @ heads['embed'][0].T + heads['embed'][1]
    logits = pooled @ heads['classify'][0].T + heads['classify'][1]
    probs = np.exp(logits - logits.max(1, keepdims=True))
    return raw / np.linalg.norm(raw, axis=1, keepdims=True), probs / probs.sum(1, keepdims=True)


def load_model(checkpoint, architecture):
    model = ExpressionNet(architecture)
    model.load_state_dict(torch.load(checkpoint))
    return model.eval()


def model_from_tflite(path, architecture, prefix=''):
    """A torch model computing what an exported file computes: folded kernels, identity batch-norm.
    prefix: 'net0/' or 'net1/' reads one net of a pair."""
    constants = {name.removeprefix(prefix): value for name, value in read_constants(path.read_bytes()).items()
                 if name.startswith(prefix)}
    model = ExpressionNet(architecture).eval()
    with torch.no_grad():
        for i, block in enumerate(model.blocks):
            block.conv.weight.copy_(torch.from_numpy(constants['conv%d/kernel' % i].transpose(0, 3, 1, 2).copy()))
            block.bn.weight.fill_(1)
            block.bn.bias.copy_(torch.from_numpy(constants['conv%d/bias' % i].copy()))
            block.bn.running_mean.zero_()
            block.bn.running_var.fill_(1 - block.bn.eps)
        for layer, name in ((model.embed, 'embed'), (model.classify, 'logits')):
            layer.weight.copy_(torch.from_numpy(constants[name + '/weights'].copy()))
            layer.bias.copy_(torch.from_numpy(constants[name + '/bias'].copy()))
    return model


def published_trainings():
    """The training record of each net in models/ (one, or a pair's two), from its manifest."""
    manifest = json.loads((MODELS / 'expression-embedder.json').read_text())
    return manifest['members'] if 'members' in manifest else [manifest['training']]


def published_model(member=None):
    """models/expression-embedder.tflite as a torch model (eval mode), each net's architecture read
    from the training run the manifest names: the whole embedder (an EmbedderPair where it holds
    two nets), or only its net number `member`."""
    trainings = published_trainings()
    nets = [model_from_tflite(MODELS / 'expression-embedder.tflite',
                              json.loads((REPO / t['run']).read_text())['config']['architecture'],
                              'net%d/' % i if len(trainings) > 1 else '').eval() for i, t in enumerate(trainings)]
    if member is not None:
        return nets[member]
    return nets[0] if len(nets) == 1 else EmbedderPair(*nets).eval()


def published_sha256():
    """Of the file's bytes, not the manifest's word: it keys cached embeddings of this model."""
    return hashlib.sha256((MODELS / 'expression-embedder.tflite').read_bytes()).hexdigest()


def export(model, version, out_path, weights='float32'):
    """model: an ExpressionNet or an EmbedderPair; for int8, its nets already quantised_copy(...)
    so that torch scores what the file holds."""
    nets = [folded_layers(net) for net in (model.members if isinstance(model, EmbedderPair) else [model])]
    if weights == 'int8':
        nets = [([(dequantise(*quantise(kernel)), bias, stride) for kernel, bias, stride in convs],
                 {name: (dequantise(*quantise(w)), b) for name, (w, b) in heads.items()}) for convs, heads in nets]
    faces = np.random.default_rng(0).random((4, CONTRACT['size'], CONTRACT['size'], 1)).astype(np.float32)
    with torch.no_grad():
        torch_out = model(torch.from_numpy(faces.transpose(0, 3, 1, 2)))
    outputs = [reference_forward(convs, heads, faces) for convs, heads in nets]
    ref_embedding = np.concatenate([e for e, _ in outputs], axis=1) / np.sqrt(len(nets))
    ref_probs = np.mean([p for _, p in outputs], axis=0)
    diff = max(np.abs(ref_embedding - torch_out[0].numpy()).max(),
               np.abs(ref_probs - torch.softmax(torch_out[1], 1).numpy()).max())
    assert diff < 1e-4, 'exported graph disagrees with torch by %g' % diff
    data = build(nets, version, weights)
    out_path.write_bytes(data)
    print('wrote %s (%d bytes); numpy twin vs torch max diff %.2g' % (out_path, len(data), diff))
    return data


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--checkpoint', default=str(CACHE / 'full.pt'))
    parser.add_argument('--architecture', default='c7')
    parser.add_argument('--version', required=True)
    parser.add_argument('--out', default=str(MODELS / 'expression-embedder.tflite'))
    parser.add_argument('--weights', choices=WEIGHTS, default='float32')
    args = parser.parse_args()
    from pathlib import Path
    model = load_model(args.checkpoint, args.architecture)
    export(quantised_copy(model) if args.weights == 'int8' else model, args.version, Path(args.out), args.weights)
