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
import hashlib
import json

import numpy as np
import torch

import tflite_writer as tfl
from align import CONTRACT
from folding import dequantise, folded_layers, quantise, quantised_copy
from model import EmbedderPair, ExpressionNet, nets_of
from paths import CACHE, MODELS, REPO
from quantise_activations import INPUT_SCALE, INPUT_ZERO_POINT, RELU_ZERO_POINT, Int8Net, int8_conv
from tflite_reader import read_activation_scales, read_constants

OUTPUT_NAMES = ('embedding', 'probabilities')
WEIGHTS = ('float32', 'int8')


def build(nets, version, weights='float32'):
    """nets: [(convs, heads, activation scales)]: folded_layers' convs and heads, with None for
    float activations or an Int8Net's scales; one net, or a pair whose tensors are named net0/...,
    net1/... and whose outputs are joined as model.EmbedderPair joins them."""
    size = CONTRACT['size']
    m = tfl.TfliteModel()
    face = m.tensor('face', [1, size, size, 1])

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

    def float_convs(prefix, convs, x):
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
        return x

    def int8_convs(prefix, convs, scales, x):
        """The convs of a quantise_activations.Int8Net: int8 in and out, int32 biases; the last
        map dequantised for the float mean and heads."""
        hw, previous = size, INPUT_SCALE
        for i, ((kernel, bias, stride), scale) in enumerate(zip(convs, scales)):
            hw = hw // stride
            values, kernel_scales, bias_values, bias_scales = int8_conv(kernel, bias, previous)
            w = m.tensor(prefix + 'conv%d/kernel/int8' % i, kernel.shape, tfl.INT8, data=values, scales=kernel_scales)
            b = m.tensor(prefix + 'conv%d/bias' % i, bias.shape, tfl.INT32, data=bias_values, scales=bias_scales)
            y = m.tensor(prefix + 'conv%d' % i, [1, hw, hw, kernel.shape[0]], tfl.INT8, scales=[scale],
                         zero_point=RELU_ZERO_POINT)
            m.operator(tfl.CONV_2D, [x, w, b], [y], tfl.CONV_2D_OPTIONS, [
                (0, 'int8', tfl.PADDING_SAME), (1, 'int32', stride), (2, 'int32', stride),
                (3, 'int8', tfl.ACT_RELU)])
            x, previous = y, scale
        out = m.tensor(prefix + 'conv%d/float' % (len(convs) - 1), m.tensors[x]['shape'])
        m.operator(tfl.DEQUANTIZE, [x], [out])
        return out

    face_int8 = []

    def quantised_face():
        """The input on the int8 grid, made once for every int8 net that reads it."""
        if not face_int8:
            face_int8.append(m.tensor('face/int8', [1, size, size, 1], tfl.INT8, scales=[INPUT_SCALE],
                                      zero_point=INPUT_ZERO_POINT))
            m.operator(tfl.QUANTIZE, [face], [face_int8[0]])
        return face_int8[0]

    def net(prefix, convs, heads, scales):
        x = float_convs(prefix, convs, face) if scales is None else int8_convs(prefix, convs, scales, quantised_face())
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

    if len(nets) == 1:
        outputs = net('', *nets[0])
    else:
        branches = [net('net%d/' % i, *layers) for i, layers in enumerate(nets)]
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


def reference_forward(faces, convs, heads, scales=None):
    """numpy twin of the exported graph on NHWC input [N,S,S,1]: checks folding and layouts.
    scales: an Int8Net's, where the input and each conv's output are rounded onto their int8 grids."""
    x = faces.astype(np.float64)
    if scales is not None:
        x = np.clip(np.round(x / INPUT_SCALE), 0, 255) * INPUT_SCALE
    for i, (kernel, bias, stride) in enumerate(convs):
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
        if scales is not None:
            x = np.clip(np.round(x / scales[i]), 0, 255) * scales[i]
    pooled = x.mean(axis=(1, 2))
    raw = pooled @ heads['embed'][0].T + heads['embed'][1]
    logits = pooled @ heads['classify'][0].T + heads['classify'][1]
    probs = np.exp(logits - logits.max(1, keepdims=True))
    return raw / np.linalg.norm(raw, axis=1, keepdims=True), probs / probs.sum(1, keepdims=True)


def load_model(checkpoint, architecture):
    model = ExpressionNet(architecture)
    model.load_state_dict(torch.load(checkpoint))
    return model.eval()


def model_from_tflite(path, architecture, prefix='', float_activations=False):
    """A torch model computing what an exported file computes: folded kernels, identity batch-norm;
    an Int8Net where the file's convs have int8 activations, unless float_activations asks for the
    same weights with float ones (to train from). prefix: 'net0/' or 'net1/' reads one net of a pair."""
    data = path.read_bytes()
    constants = {name.removeprefix(prefix): value for name, value in read_constants(data).items()
                 if name.startswith(prefix)}
    model = ExpressionNet(architecture).eval()
    scales = read_activation_scales(data)
    if prefix + 'conv0' in scales and not float_activations:
        convs = [(constants['conv%d/kernel' % i], constants['conv%d/bias' % i].astype(np.float32), block.stride)
                 for i, block in enumerate(model.blocks)]
        heads = {'embed': (constants['embed/weights'], constants['embed/bias']),
                 'classify': (constants['logits/weights'], constants['logits/bias'])}
        return Int8Net(convs, heads, [scales[prefix + 'conv%d' % i] for i in range(len(convs))]).eval()
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


def published_model(member=None, float_activations=False):
    """models/expression-embedder.tflite as a torch model (eval mode), each net's architecture read
    from the training run the manifest names: the whole embedder (an EmbedderPair where it holds
    two nets), or only its net number `member`; float_activations: see model_from_tflite."""
    trainings = published_trainings()
    nets = [model_from_tflite(MODELS / 'expression-embedder.tflite',
                              json.loads((REPO / t['run']).read_text())['config']['architecture'],
                              'net%d/' % i if len(trainings) > 1 else '', float_activations).eval()
            for i, t in enumerate(trainings)]
    if member is not None:
        return nets[member]
    return nets[0] if len(nets) == 1 else EmbedderPair(*nets).eval()


def published_sha256():
    """Of the file's bytes, not the manifest's word: it keys cached embeddings of this model."""
    return hashlib.sha256((MODELS / 'expression-embedder.tflite').read_bytes()).hexdigest()


def export(model, version, out_path, weights='float32'):
    """model: an ExpressionNet, an Int8Net or an EmbedderPair of them; for int8, its ExpressionNets
    already quantised_copy(...) so that torch scores what the file holds."""
    members = nets_of(model)
    if weights != 'int8' and any(isinstance(net, Int8Net) for net in members):
        raise ValueError('an Int8Net has int8 weights')
    nets = [(net.convs, net.heads, net.scales) if isinstance(net, Int8Net) else (*folded_layers(net), None)
            for net in members]
    if weights == 'int8':
        nets = [([(dequantise(*quantise(kernel)), bias, stride) for kernel, bias, stride in convs],
                 {name: (dequantise(*quantise(w)), b) for name, (w, b) in heads.items()}, scales)
                for convs, heads, scales in nets]
    faces = np.random.default_rng(0).random((4, CONTRACT['size'], CONTRACT['size'], 1)).astype(np.float32)
    with torch.no_grad():
        torch_out = model(torch.from_numpy(faces.transpose(0, 3, 1, 2)))
    outputs = [reference_forward(faces, *net) for net in nets]
    ref_embedding = np.concatenate([e for e, _ in outputs], axis=1) / np.sqrt(len(nets))
    ref_probs = np.mean([p for _, p in outputs], axis=0)
    diff = max(np.abs(ref_embedding - torch_out[0].numpy()).max(),
               np.abs(ref_probs - torch.softmax(torch_out[1], 1).numpy()).max())
    # An int8 activation within float rounding of a grid midpoint can land on either side in the
    # two computations, and one step of the last map moves a pooled feature by scale/16 (~3e-3);
    # a layout slip moves outputs by tenths.
    tolerance = 1e-2 if any(scales is not None for _, _, scales in nets) else 1e-4
    assert diff < tolerance, 'exported graph disagrees with torch by %g' % diff
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
