#!/usr/bin/env bash
# Runs javagrad's benchmarks and writes benchmarks/RESULTS.md.
#
#   benchmarks/run.sh            full mode: 2 forks, 5 x 1 s warm-up, 5 x 1 s measurement (about 40 min)
#   benchmarks/run.sh --quick    quick mode: 1 fork, short iterations (under 5 min)
#   benchmarks/run.sh --smoke    CI smoke test: every benchmark once, briefly; the report goes to
#                                benchmarks/target/RESULTS-smoke.md. Never a timing gate: it fails
#                                only if something does not build, run, or agree.
#   benchmarks/run.sh --quick -- RosenbrockBenchmark    extra JMH arguments (here: a filter); with
#                                any, the report goes to benchmarks/target/RESULTS-partial.md
#   benchmarks/run.sh --quick --report-only    rewrite the last quick run's report from its saved
#                                results (after changing the report program and rebuilding the jar)
#
# Steps: build runtime, processor, samples and benchmarks through the reactor; run JMH once over every
# benchmark with -prof gc and JSON output; time javac on 200 @Differentiable methods with and
# without the processor; time backward() on 10^6 and 10^7-node graphs and whole training steps
# (BackwardScale, TrainingSteps); write the report (io.javagrad.benchmarks.report.Results).
#
# Environment: MVN_ARGS adds Maven options (for example MVN_ARGS=-o to build offline);
# JAVA_HOME picks the JDK (otherwise java on the PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
report_only=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --smoke) mode=smoke ;;
    --full) mode=full ;;
    --report-only) report_only=1 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

java=java
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; fi
target=benchmarks/target
jar=$target/benchmarks.jar
# Each mode keeps its own results, so that a smoke run does not overwrite a quick or full one.
json=$target/jmh-result-$mode.json
log=$target/jmh-$mode.log
javac_cost=$target/javac-cost-$mode.properties
report_args=$target/report-args-$mode.txt

if [ "$report_only" = 1 ]; then
  mapfile -t args < "$report_args"
  "$java" -cp "$jar" io.javagrad.benchmarks.report.Results "${args[@]}"
  exit 0
fi

case "$mode" in
  full)  jmh_opts=(); javac_runs=5; out=benchmarks/RESULTS.md ;;
  quick) jmh_opts=(-f 1 -wi 2 -w 400ms -i 3 -r 400ms); javac_runs=2; out=benchmarks/RESULTS.md ;;
  smoke) jmh_opts=(-f 1 -wi 0 -i 1 -r 100ms); javac_runs=1; out=benchmarks/target/RESULTS-smoke.md ;;
esac

if [ ${#extra[@]} -gt 0 ] && [ "$mode" != smoke ]; then out=benchmarks/target/RESULTS-partial.md; fi

start=$(date +%s)

echo "== build (runtime, processor, hipparchus, samples, benchmarks)"
# The samples depend on javagrad-hipparchus: built here too, so a machine whose local repository
# has never held it (a fresh one, after mvn verify, which installs nothing) resolves it.
# shellcheck disable=SC2086 # MVN_ARGS is a list of options
mvn -B -q ${MVN_ARGS:-} package -DskipTests -pl runtime,processor,hipparchus,samples,benchmarks \
  dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt

# JMH's lock keeps two timing runs from disturbing each other; a smoke run times nothing, so it
# must not fail because another JMH happens to be running on the machine.
jvm_opts=()
if [ "$mode" = smoke ]; then jvm_opts=(-Djmh.ignoreLock=true); fi
jmh=("$java" ${jvm_opts[@]+"${jvm_opts[@]}"} -jar "$jar" ${jmh_opts[@]+"${jmh_opts[@]}"} -foe true -prof gc -rf json -rff "$json" ${extra[@]+"${extra[@]}"})
command="benchmarks/run.sh $( [ "$mode" = full ] || echo "--$mode" )$( [ ${#extra[@]} -eq 0 ] || echo " -- ${extra[*]}" ), which runs: ${jmh[*]}"

echo "== JMH ($mode mode)"
date=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
"${jmh[@]}" 2>&1 | tee "$log"
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

echo "== javac on 200 @Differentiable methods, with and without the processor"
runtime_jar=$(ls runtime/target/javagrad-runtime-*.jar | grep -v -e sources -e javadoc | head -n 1)
processor_jar=$(ls processor/target/javagrad-processor-*.jar | grep -v -e sources -e javadoc | head -n 1)
processor_path="$processor_jar:$(cat processor/target/runtime-classpath.txt)"
"$java" -cp "$jar" io.javagrad.benchmarks.report.JavacCost "$javac_cost" \
  "$javac_runs" "$runtime_jar" "$processor_path"

echo "== the Value engine at scale: backward() alone, and training steps"
scale=$target/engine-scale-$mode.txt
sizes=()
if [ "$mode" = smoke ]; then sizes=(100000); fi
"$java" -cp "$jar" io.javagrad.benchmarks.BackwardScale ${sizes[@]+"${sizes[@]}"} | tee "$scale"
"$java" -cp "$jar" io.javagrad.samples.TrainingSteps | tee -a "$scale"

echo "== report"
args=(--json "$json" --log "$log" --javac "$javac_cost" --out "$out"
  --mode "$mode" --date "$date" --command "$command"
  --load-before "$load_before" --load-after "$load_after"
  --scale "$scale" --scale-before benchmarks/engine-before.txt)
printf '%s\n' "${args[@]}" > "$report_args"
"$java" -cp "$jar" io.javagrad.benchmarks.report.Results "${args[@]}"

echo "== done in $(( $(date +%s) - start )) s: $out"
