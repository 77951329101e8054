package io.javagrad.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What {@link CodeSize} counts as a token of generated code: layout and comments are not code. */
class CodeSizeTokensTest {
  @Test
  void namesNumbersAndOperatorCharactersCount() {
    // _d_x, + =, _d_inner, = =, 0 . 0, ?, 0 . 0, :, _d_inner, *, _pb1, [, 0, ], ;
    assertEquals(21, CodeSize.tokens("_d_x += _d_inner == 0.0 ? 0.0 : _d_inner * _pb1[0];"));
  }

  @Test
  void layoutAndCommentsDoNot() {
    assertEquals(CodeSize.tokens("a = b;"), CodeSize.tokens("  a   =\n b ; // a = b, as the source wrote it\n"));
  }

  @Test
  void aStringLiteralIsOneToken() {
    // throw, new, E, (, the literal, ), ;
    assertEquals(7, CodeSize.tokens("throw new E(\"a \\\"quoted\\\" ; // text\");"));
  }
}
