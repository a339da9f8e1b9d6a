# snapshot-sync: the two commands the README starts with, and a few more.
#   make demo       start local PostgreSQL (TLS) and S3 (SSE-KMS), seed demo data, run an export
#   make demo-stop  stop what make demo started
#   make test       the whole suite, both Spark profiles, against real local servers
#   make package    both deployable jars into dist/
#   make bench      the benchmark (bench/run; BENCH_ARGS='--rows 200000 --reps 1' for a quick one)
.PHONY: demo demo-stop test package clean bench

demo:
	scripts/demo

demo-stop:
	scripts/test-servers stop target/demo-env

test:
	scripts/run-tests

package:
	scripts/package

bench:
	bench/run $(BENCH_ARGS)

clean:
	-scripts/test-servers stop target/test-env
	-scripts/test-servers stop target/demo-env
	-scripts/test-servers stop target/bench-env
	rm -rf target common/target job/target glue-scripts/target dist
