# Settings of the app server for one person on this computer (`make app` on 127.0.0.1).
#
# The classroom settings (classroom_config.py) with a classroom's preheated pages left out:
# 50 waiting kernels hold about 10 GB, more than a trainee's laptop has, for pages only one
# person opens. Here only the landing page is preheated, and at most 12 pages run at once.
# `make app IP=0.0.0.0` (a classroom) uses classroom_config.py; `APP_CONFIG=...` picks either.

c = get_config()  # noqa: F821 (defined by traitlets when it reads this file)
load_subconfig("classroom_config.py")  # noqa: F821 (defined by traitlets as well)

c.VoilaKernelManager.kernel_pools_config = {
    "default": {"pool_size": 0},
    "00_start_here.ipynb": {"pool_size": 1},
}
c.ClassroomKernelManager.max_kernels = 12
