"""A command that hangs with a process tree under it, for the hook timeout test under Wine:
``process_tree.py REPORT DEPTH`` writes its process id to REPORT, starts itself with DEPTH - 1
while DEPTH > 1, prints one line, then sleeps."""

import os
import subprocess
import sys
import time

report, depth = sys.argv[1], int(sys.argv[2])
with open(report, "a", encoding="ascii") as out:
    out.write(f"{os.getpid()}\n")
if depth > 1:
    subprocess.Popen([sys.executable, __file__, report, str(depth - 1)])
print(f"level {depth} running", flush=True)
time.sleep(600)
