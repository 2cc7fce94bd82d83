"""The training signals: what the raters said, how alike two faces are, who is who, and what the face's muscles do."""
import torch
import torch.nn.functional as F


def soft_cross_entropy(logits, targets):
    """Cross-entropy against a vote distribution instead of a single hard label."""
    return -(targets * F.log_softmax(logits, dim=1)).sum(1).mean()


def vote_similarity_loss(embeddings, targets):
    """Pulls embedding cosine similarity towards the cosine similarity of the vote vectors.

    Two faces the raters saw the same way (similarity 1) should coincide; faces with no votes in
    common (similarity 0) should be orthogonal, not opposite, leaving room for mixed expressions.
    """
    votes = F.normalize(targets, dim=1)
    target_sim = votes @ votes.T
    sim = embeddings @ embeddings.T
    off_diagonal = ~torch.eye(len(sim), dtype=torch.bool)
    return ((sim - target_sim)[off_diagonal] ** 2).mean()


def cross_identity_supcon(embeddings, labels, subjects, temperature=0.1):
    """Supervised contrastive loss whose positives are the same expression on another person.

    Same-person pairs are left out of both positives and negatives, so the only way to pull two
    faces together is their expression, never their identity. labels < 0 take no part as anchors.
    """
    sim = embeddings @ embeddings.T / temperature
    same_subject = subjects[:, None] == subjects[None, :]
    positives = (labels[:, None] == labels[None, :]) & ~same_subject & (labels[:, None] >= 0)
    logits = sim.masked_fill(same_subject, float('-inf'))
    log_prob = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    anchors = positives.any(1)
    if not anchors.any():
        return embeddings.sum() * 0
    pos_log_prob = log_prob.masked_fill(~positives, 0).sum(1) / positives.sum(1).clamp(min=1)
    return -pos_log_prob[anchors].mean()


class _ReverseGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return -grad


def identity_adversary_loss(adversary, embeddings, subjects, known):
    """Cross-entropy of a head that guesses who is in the picture, through a reversed gradient.

    The head learns to name the posed-set people from the embedding while the network is pushed
    the other way, towards embeddings that do not tell people apart. FER+ faces have no known
    identity (`known` is False) and take no part.
    """
    if not known.any():
        return embeddings.sum() * 0
    return F.cross_entropy(adversary(_ReverseGradient.apply(embeddings[known])), subjects[known])


class TeacherProbe(torch.nn.Module):
    """Reads teacher targets (eye states, face actions) off the embedding along learnt *unit* directions.

    The directions are kept at unit length so the embedding itself must move by the size of the
    target's change: a 0.4 change in blink is a 0.4 step along a direction of the unit sphere,
    which retrieval by cosine sees. A free-scale head could read a tiny, retrieval-invisible
    component instead. The probe only shapes training; it is not exported.
    """

    def __init__(self, embedding_dim, targets):
        super().__init__()
        self.directions = torch.nn.Parameter(torch.randn(targets, embedding_dim))
        self.bias = torch.nn.Parameter(torch.zeros(targets))

    def forward(self, embeddings):
        return embeddings @ F.normalize(self.directions, dim=1).T + self.bias


def teacher_loss(probe, embeddings, targets, known):
    """Mean squared error of the probe on the faces that have teacher targets."""
    if not known.any():
        return embeddings.sum() * 0
    return ((probe(embeddings[known]) - targets[known]) ** 2).mean()
