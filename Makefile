# Build targets for `sam build` (template.yaml: CodeUri ".", Metadata BuildMethod makefile). SAM runs
# build-<LogicalId> with ARTIFACTS_DIR set; each packages its function's Maven module (and the modules it
# needs) and unpacks the shaded jar there, since Lambda's Java runtime loads classes from the zip's root.
# samconfig.toml sets build_in_source, so Maven builds in the repository instead of a copy of it.
# `make build-PinWebhookFunction ARTIFACTS_DIR=/tmp/x` works by hand too. MVN="mvn -B -ntp -o" builds offline.
MVN ?= mvn -B -ntp
PYTHON ?= python3

define package
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (run through sam build)" >&2; exit 1; }
	$(MVN) -q -pl functions/$(1) -am package -DskipTests
	$(PYTHON) -m zipfile -e functions/$(1)/target/$(1)-*-lambda.jar "$(ARTIFACTS_DIR)"
endef

.PHONY: build-PinWebhookFunction build-HealthSweepFunction build-ChainReconcileFunction build-StatusFunction \
	build-RetrievalProbeFunction build-PinDrainFunction

build-PinWebhookFunction:
	$(call package,pin-webhook)

build-HealthSweepFunction:
	$(call package,health-sweep)

build-ChainReconcileFunction:
	$(call package,chain-reconcile)

build-StatusFunction:
	$(call package,status-api)

build-RetrievalProbeFunction:
	$(call package,retrieval-probe)

build-PinDrainFunction:
	$(call package,pin-drain)
