/** A user's named module: javagrad's runtime is all it requires, generated code included. */
module example {
  requires io.javagrad;
}
