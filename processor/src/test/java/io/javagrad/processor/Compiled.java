package io.javagrad.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Sources compiled through the processor in the test's JVM, and the resulting classes, loaded so
 * that tests call the generated companions for real.
 */
final class Compiled {
  private final Compilation compilation;
  private ClassLoader parent = Compiled.class.getClassLoader();
  private ClassLoader loader;

  private Compiled(Compilation compilation) {
    this.compilation = compilation;
  }

  /** Compiles {@code sources} (pairs of qualified class name and source text) with -Xlint:all. */
  static Compiled compile(String... namesAndSources) {
    return compile(List.of(), namesAndSources);
  }

  /** As {@link #compile(String...)}, with extra javac options (a classpath, for example). */
  static Compiled compile(List<String> options, String... namesAndSources) {
    return compileWith(List.of(), options, namesAndSources);
  }

  /** As {@link #compile(List, String...)}, with processors that run beside javagrad's, before it in each round. */
  static Compiled compileWith(List<Processor> others, List<String> options, String... namesAndSources) {
    JavaFileObject[] files = new JavaFileObject[namesAndSources.length / 2];
    for (int i = 0; i < files.length; i++) {
      files[i] = JavaFileObjects.forSourceString(namesAndSources[2 * i], namesAndSources[2 * i + 1]);
    }
    List<String> allOptions = new ArrayList<>(List.of("-Xlint:all", "--release", "17"));
    allOptions.addAll(options);
    List<Processor> processors = new ArrayList<>(others);
    processors.add(new DifferentiableProcessor());
    Compilation compilation = javac().withProcessors(processors).withOptions(allOptions).compile(files);
    return new Compiled(compilation);
  }

  /**
   * The source of a class {@code qualifiedName} (in a package) whose body is {@code members}, one
   * after the other; {@code io.javagrad.Differentiable} is imported, and so is each of {@code
   * imports} (full import declarations, such as {@code "import static java.lang.Math.*;"}).
   */
  static String classSource(String qualifiedName, List<String> imports, List<String> members) {
    int dot = qualifiedName.lastIndexOf('.');
    StringBuilder text = new StringBuilder("package ").append(qualifiedName, 0, dot).append(";\n\n");
    text.append("import io.javagrad.Differentiable;\n");
    imports.forEach(imp -> text.append(imp).append('\n'));
    text.append("\npublic class ").append(qualifiedName.substring(dot + 1)).append(" {\n");
    members.forEach(member -> text.append("  ").append(member.strip().replace("\n", "\n  ")).append("\n\n"));
    return text.append("}\n").toString();
  }

  /**
   * Loads classes that this compilation did not produce from the test's class path and then from
   * {@code directories} (or jars): the output of an earlier compilation that this one had on its
   * class path. Call before the first {@link #load}.
   */
  Compiled withClassesFrom(Path... directories) {
    if (loader != null) {
      throw new IllegalStateException("classes were already loaded");
    }
    URL[] urls = new URL[directories.length];
    for (int i = 0; i < directories.length; i++) {
      try {
        urls[i] = directories[i].toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(e);
      }
    }
    parent = new URLClassLoader(urls, Compiled.class.getClassLoader());
    return this;
  }

  Compilation compilation() {
    return compilation;
  }

  /** Fails, with every diagnostic and the generated sources, unless the compilation is clean. */
  Compiled assertCleanSuccess() {
    boolean clean = compilation.status() == Compilation.Status.SUCCESS && compilation.diagnostics().stream()
        .noneMatch(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING
            || d.getKind() == Diagnostic.Kind.ERROR);
    if (!clean) {
      throw new AssertionError("compilation was not clean:\n" + diagnostics() + "\n" + generatedSources());
    }
    return this;
  }

  String diagnostics() {
    StringBuilder text = new StringBuilder();
    compilation.diagnostics().forEach(d -> text.append(d).append('\n'));
    return text.toString();
  }

  String generatedSources() {
    if (compilation.status() != Compilation.Status.SUCCESS) {
      // compile-testing keeps generated files only from successful compilations
      return "(the compilation failed, so its generated sources are not available)";
    }
    StringBuilder text = new StringBuilder();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      try {
        text.append("// ").append(file.getName()).append('\n').append(file.getCharContent(true)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return text.toString();
  }

  String generatedSource(String qualifiedName) {
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      if (file.getName().endsWith(qualifiedName.replace('.', '/') + ".java")) {
        try {
          return file.getCharContent(true).toString();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("no generated source " + qualifiedName + " in:\n" + generatedSources());
  }

  Class<?> load(String qualifiedName) {
    assertCleanSuccess();
    if (loader == null) {
      loader = new InMemoryClassLoader(compilation, parent);
    }
    try {
      return Class.forName(qualifiedName, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("class " + qualifiedName + " was not compiled", e);
    }
  }

  /** Calls the static method {@code name} of {@code className} whose parameter types are {@code types}. */
  Object call(String className, String name, Class<?>[] types, Object... args) {
    try {
      Method method = load(className).getDeclaredMethod(name, types);
      method.setAccessible(true);
      return method.invoke(null, args);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new AssertionError("cannot call " + className + "." + name + Arrays.toString(types), e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new AssertionError(e.getCause());
    }
  }

  /** Loads classes from the compilation's class output, and everything else from the test's class path. */
  private static final class InMemoryClassLoader extends ClassLoader {
    private final Map<String, JavaFileObject> classes = new HashMap<>();

    InMemoryClassLoader(Compilation compilation, ClassLoader parent) {
      super(parent);
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS) {
          String path = file.toUri().getPath();
          String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
              path.length() - ".class".length()).replace('/', '.');
          classes.put(name, file);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JavaFileObject file = classes.get(name);
      if (file == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = file.openInputStream()) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
