"""Sums a Chromium JSON trace's top-level tasks by process, thread and the function that posted
them (ingest-timeline.ts --trace writes one): where each thread's time went, e.g. the options
page's image decodes (ScheduleImageDecodeOnWorkerIfNeeded) against ingest's own
(ScheduleAsyncImageBitmapDecoding) on the renderer's thread pool.
Run: python3 benchmarks/experiments/trace-tasks.py TRACE.json [tasks per thread, default 8]"""
import collections
import json
import sys

events = json.load(open(sys.argv[1]))["traceEvents"]
shown = int(sys.argv[2]) if len(sys.argv) > 2 else 8
thread_names, process_names = {}, {}
for event in events:
    if event.get("ph") == "M" and event.get("name") == "thread_name":
        thread_names[(event["pid"], event["tid"])] = event["args"]["name"]
    if event.get("ph") == "M" and event.get("name") == "process_name":
        process_names[event["pid"]] = event["args"]["name"]

by_thread = collections.defaultdict(list)
for event in events:
    if event.get("ph") == "X" and "dur" in event:
        by_thread[(event["pid"], event["tid"])].append(event)

# Only outermost tasks (nested slices would count twice), in thread time where the trace has it.
totals = collections.defaultdict(collections.Counter)
counts = collections.defaultdict(collections.Counter)
for thread, slices in by_thread.items():
    slices.sort(key=lambda event: (event["ts"], -event["dur"]))
    group = (process_names.get(thread[0], "?"), thread_names.get(thread, "?"))
    ends = -1
    for event in slices:
        if event["ts"] < ends:
            continue
        key = event["name"] + (" " + event["args"]["src_func"] if "src_func" in event.get("args", {}) else "")
        totals[group][key] += event.get("tdur", event["dur"])
        counts[group][key] += 1
        ends = event["ts"] + event["dur"]

for group, tasks in sorted(totals.items(), key=lambda item: -sum(item[1].values())):
    milliseconds = sum(tasks.values()) / 1000
    if milliseconds < 300:
        continue
    print(f"== {group[0]} / {group[1]}: {milliseconds:.0f} ms")
    for key, micros in tasks.most_common(shown):
        print(f"  {micros / 1000:9.1f} ms {counts[group][key]:6d} tasks  {key}")
