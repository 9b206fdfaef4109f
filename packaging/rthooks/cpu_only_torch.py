"""PyInstaller runtime hook (Linux): make the stubbed CUDA build of torch a CPU-only torch.

The bundle ships torch's CPU libraries, its small CUDA runtime pieces, and stubs in place
of ``libtorch_cuda.so`` and ``libnccl.so.2`` (see packaging/cuda_stubs.py). The native
side then loads fine, but torch's Python side still believes the CUDA and NCCL code is
there, and at import it would register CUDA kernel overrides (``torch._native``) and
NCCL process-group bindings (``torch.distributed``), calling into the stubs. Right after
``torch._C`` is loaded, and before any other torch module, this hook hides those parts so
that torch takes the paths of a CPU-only build without distributed support, both of which
torch supports (macOS and Windows wheels are such builds):

* ``torch.cuda.is_available()`` is False and ``torch.backends.cuda.is_built()`` False;
* ``torch.distributed.is_available()`` (and rpc, dist-autograd) is False.
"""

import sys

_HIDDEN = (
    "_cuda_getDeviceCount",
    "_c10d_init",
    "_rpc_init",
    "_dist_autograd_init",
    "_faulty_agent_init",
)
_CLEARED = ("_has_cuda", "_has_distributed")


class _CpuOnlyTorch:
    """A meta-path finder that finds nothing: it only acts on the first ``torch.*`` import
    that follows the loading of ``torch._C`` (torch/__init__.py imports its submodules
    right after ``from torch._C import *``)."""

    done = False  # (not removed from sys.meta_path: the import system is iterating it)

    def find_spec(self, name, path=None, target=None):
        if not self.done and name.startswith("torch."):
            native = sys.modules.get("torch._C")
            if native is not None:
                self.done = True
                for attribute in _HIDDEN:
                    if hasattr(native, attribute):
                        delattr(native, attribute)
                for attribute in _CLEARED:
                    setattr(native, attribute, False)
        return None


sys.meta_path.insert(0, _CpuOnlyTorch())
