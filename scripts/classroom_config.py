# Settings of the classroom app server (`make app`, scripts/serve_app.py, scripts/classroom.py).
#
# One file, read by Voila as a traitlets config. A value given on the command line wins over
# the value here (e.g. `--MappingKernelManager.cull_idle_timeout=60`). The README's section
# "For instructors: start the app" explains each setting for a class; the numbers below were
# chosen for a class of 40 on a 2-core machine (see benchmarks/bench_classroom.py).
#
# Memory (measured by benchmarks/bench_classroom.py): one kernel (one open workbook page)
# holds 140-210 MB RSS once its notebook has run, about 110 MB of it its own (PSS; the rest
# are libraries shared between kernels). MAX_KERNELS kernels need about MAX_KERNELS x 0.11 GB
# of memory (x 0.2 GB counted by RSS), plus 0.2-0.3 GB for the server.

c = get_config()  # noqa: F821 (defined by traitlets when it reads this file)

# Learners one server holds at once (one kernel per open page), with room for some learners
# to keep a second page open.
CLASS_SIZE = 40
SPARE_PAGES = 10
# Preheated (pre-rendered) kernels kept waiting per notebook: the page a class opens first and
# the heaviest ones, each sized for a class of 40 opening 04, 06 and 07 at the same time
# (benchmarks/bench_classroom.py). A learner who finds the pool empty waits for a kernel to
# start and run the whole notebook (2-7 s on an idle core, far more when 30 start together).
# Every other notebook starts its kernel when a learner opens it. Lower these on a machine
# with less memory: each preheated kernel holds about 0.1 GB (PSS) while it waits.
POOLS = {
    "00_start_here.ipynb": 8,
    "04_programming_the_pump.ipynb": 14,
    "06_drug_levels.ipynb": 14,
    "07_rotating_to_fentanyl.ipynb": 14,
}
MAX_KERNELS = CLASS_SIZE + SPARE_PAGES + sum(POOLS.values())

# --- What a page shows --------------------------------------------------------------------
# Code cells hidden; a failing cell shows no traceback (learners see only learner content).
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.show_tracebacks = False
# Cells tagged `nbval-check` (checks for nbval) or `hide-in-app` (JupyterLab-only text) are
# neither run nor shown in app mode: voila.json in the project folder configures nbconvert's
# TagRemovePreprocessor, and Voila reads that file before this one. It is JSON, not voila.py,
# because a voila.py there would shadow the voila package for `python -m voila`.

# --- A bound on kernels -------------------------------------------------------------------
# The kernel manager of scripts/classroom.py: never more than MAX_KERNELS kernels (preheated
# ones included). A page that would start one more shows "The class server is full" (HTTP
# 503, learner-readable) instead of exhausting memory; any GET of a page starts a kernel, so
# without a bound anyone on the network could fill this computer's memory.
c.VoilaConfiguration.multi_kernel_manager_class = "classroom.ClassroomKernelManager"
c.ClassroomKernelManager.max_kernels = MAX_KERNELS

# --- Ending kernels nobody uses -----------------------------------------------------------
# Closing a tab ends its kernel at once: the page sends POST /voila/api/shutdown/<kernel>
# with the `_xsrf` cookie, which scripts/classroom.py now sets on every page (out of the box
# Voila never set it, so every such request was refused with 403 and the kernel stayed).
# Security trade-off: the XSRF check stays ON. The alternative (tornado setting
# `disable_check_xsrf`) would let any web page a learner visits post to this server; here a
# request must carry this server's own cookie, and it can only end a kernel whose random id
# it knows. Culling below is the backstop for tabs that vanish without saying goodbye
# (a crashed browser, a laptop closed, a lost network).
#
# A kernel with no page connected and no activity for cull_idle_timeout seconds is ended;
# checked every cull_interval seconds. A page that is still open (connected) is never culled,
# however long its learner reads (cull_connected = False), and a busy kernel is not culled
# (cull_busy = False). A learner whose laptop slept longer than the timeout reloads the page.
c.MappingKernelManager.cull_idle_timeout = 300
c.MappingKernelManager.cull_interval = 30
c.MappingKernelManager.cull_connected = False
c.MappingKernelManager.cull_busy = False

# --- Preheated kernels (pre-rendered pages) -----------------------------------------------
# Voila starts POOLS[notebook] kernels per notebook at server start and runs the notebook in
# each, so the first learners to open it get a finished page at once; a used kernel is
# replaced fill_delay seconds later. Pool kernels count towards MAX_KERNELS, are never culled,
# and each holds about 0.2 GB. "default" must be present: a notebook missing from this
# mapping would otherwise get a pool of 1.
c.VoilaConfiguration.preheat_kernel = True
c.VoilaConfiguration.default_pool_size = 0
c.VoilaKernelManager.kernel_pools_config = {
    "default": {"pool_size": 0},
    **{name: {"pool_size": size} for name, size in POOLS.items()},
}
# Refill after a burst, not during it, and one kernel at a time (pool_fill_concurrency, also
# at server start): a refill runs a whole notebook and would take the cores from the
# learners' own pages. Warm-up at server start: about 50 x 2-4 s, so start 5 minutes before
# class; serve_app.py prints "Ready" when every preheated page is rendered.
c.VoilaKernelManager.fill_delay = 20
c.ClassroomKernelManager.pool_fill_concurrency = 1

# --- Timeouts that fit a busy machine -----------------------------------------------------
# Under a class's burst a page's notebook runs 5-20 times slower than on an idle machine.
# iopub_timeout: how long to wait for a cell's last outputs after it finished; at nbclient's
# default (4 s) a loaded server dropped the figures ("Timeout waiting for IOPub output").
c.VoilaExecutor.iopub_timeout = 60
# A cell that runs longer than this is stopped and the rest of the page still renders
# (interrupt_on_timeout); no cell of the workbook takes more than a few seconds idle.
c.VoilaExecutor.timeout = 180
c.VoilaExecutor.interrupt_on_timeout = True
# Kernel start (process up and answering) on a loaded machine.
c.VoilaExecutor.startup_timeout = 120
c.MappingKernelManager.kernel_info_timeout = 120
