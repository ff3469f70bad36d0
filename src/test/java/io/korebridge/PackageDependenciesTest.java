package io.korebridge;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The packages are the pipeline's stages, and their dependencies point one way (README layout). */
class PackageDependenciesTest {

  private static final JavaClasses SERVICE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.korebridge");

  @Test
  void packages_have_no_cycles() {
    slices().matching("io.korebridge.(*)..").should().beFreeOfCycles().check(SERVICE);
  }

  @Test
  void each_stage_uses_only_the_stages_below_it() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("config")
        .definedBy("io.korebridge.config..")
        .layer("receive")
        .definedBy("io.korebridge.receive..")
        .layer("contract")
        .definedBy("io.korebridge.contract..")
        .layer("mapping")
        .definedBy("io.korebridge.mapping..")
        .layer("kore")
        .definedBy("io.korebridge.kore..")
        .layer("outcome")
        .definedBy("io.korebridge.outcome..")
        .layer("ops")
        .definedBy("io.korebridge.ops..")
        .layer("delivery")
        .definedBy("io.korebridge.delivery..")
        .layer("replay")
        .definedBy("io.korebridge.replay..")
        .whereLayer("config")
        .mayNotAccessAnyLayer()
        .whereLayer("receive")
        .mayOnlyAccessLayers("config")
        .whereLayer("contract")
        .mayOnlyAccessLayers("config", "receive")
        .whereLayer("mapping")
        .mayOnlyAccessLayers("config", "receive", "contract")
        .whereLayer("kore")
        .mayOnlyAccessLayers("config", "receive", "contract")
        .whereLayer("outcome")
        .mayOnlyAccessLayers("config", "receive", "contract", "kore")
        .whereLayer("ops")
        .mayOnlyAccessLayers("config", "receive", "contract", "kore", "outcome")
        .whereLayer("delivery")
        .mayOnlyAccessLayers("config", "receive", "contract", "mapping", "kore", "outcome", "ops")
        .whereLayer("replay")
        .mayOnlyAccessLayers("config", "receive", "contract", "outcome")
        .check(SERVICE);
  }
}
