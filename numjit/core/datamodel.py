"""numba.core.datamodel: the data models of numba's low-level extension API (numjit/lowlevel.py).

    >>> import numjit.core.datamodel.models as models
    >>> from numjit.core.datamodel import register_default
    >>> from numjit.extending import register_model
    >>> models.StructModel is numjit_lowlevel.StructModel, register_default is register_model
    (True, True)
"""
import sys

from .. import lowlevel as numjit_lowlevel
from ..lowlevel import models, register_model as register_default  # noqa: F401

__path__ = []                                     # a package: numba.core.datamodel.models imports
default_manager = numjit_lowlevel.LoweringContext.data_model_manager.fget(None)
sys.modules[f"{__name__}.models"] = models
sys.modules[f"{__name__}.registry"] = sys.modules[__name__]     # numba.core.datamodel.registry.register_default
