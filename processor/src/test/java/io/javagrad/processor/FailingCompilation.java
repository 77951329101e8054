package io.javagrad.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles sources, with -Xlint:all, that the processor must reject, and checks what every
 * rejection must be: javac returns (nothing escaped the processor) with status FAILURE, and no error
 * is in a generated companion (as one that does not compile would be), and none is an internal
 * error or a "cannot find symbol".
 */
final class FailingCompilation {
  private FailingCompilation() {}

  static Compilation compile(JavaFileObject... files) {
    return compileWith(List.of(), files);
  }

  /** As {@link #compile}, with processors that run beside javagrad's. */
  static Compilation compileWith(List<Processor> others, JavaFileObject... files) {
    List<Processor> processors = new java.util.ArrayList<>(others);
    processors.add(new DifferentiableProcessor());
    Compilation compilation = assertDoesNotThrow(() -> javac().withProcessors(processors)
        .withOptions("-Xlint:all", "--release", "17").compile(files), "an exception escaped from javac");
    assertEquals(Compilation.Status.FAILURE, compilation.status(), () -> "expected a failure:\n" + describe(compilation));
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(Locale.ROOT);
      assertFalse(message.contains("internal error"), () -> "internal error:\n" + describe(compilation));
      assertFalse(message.contains("cannot find symbol"), () -> "cannot find symbol:\n" + describe(compilation));
      assertTrue(error.getSource() != null && !isCompanion(error.getSource()),
          () -> "an error is not in the user's code: " + error + "\n" + describe(compilation));
    }
    return compilation;
  }

  /** Whether {@code file} is a companion the processor generated. */
  private static boolean isCompanion(JavaFileObject file) {
    String uri = file.toUri().toString();
    return uri.contains("SOURCE_OUTPUT") && uri.endsWith("Grad.java");
  }

  static String describe(Compilation compilation) {
    StringBuilder text = new StringBuilder("status " + compilation.status() + "\n");
    compilation.diagnostics().forEach(d -> text.append(d).append('\n'));
    return text.toString();
  }
}
