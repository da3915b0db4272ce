r"""s001-4.4: The four backpropagation equations (001 §4.3–4.5).  Waiting on: matrix backpropagation with Hadamard products (symnn.matrix / symnn.models, issue 4)."""

ID = "s001-4.4"
TITLE = "The four backpropagation equations"
SOURCE = "001 §4.3–4.5"
STATEMENT = r"""Derive $\delta^L = \nabla_a C \odot \sigma'(z^L)$, $\delta^\ell = ((W^{\ell+1})^T \delta^{\ell+1}) \odot \sigma'(z^\ell)$, $\partial C/\partial W^\ell = \delta^\ell (a^{\ell-1})^T$, $\partial C/\partial b^\ell = \delta^\ell$, and the output error for $C = \frac{1}{2m}\sum (y - a)^2$."""


def solve():
    raise NotImplementedError("needs matrix backpropagation with Hadamard products (symnn.matrix / symnn.models, issue 4)")
